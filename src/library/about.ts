import type { Db } from '../db/open.ts';

/**
 * The "about me" page (SPEC §15). The HTML is stored and handed back as given: the server never
 * renders, parses or runs it; showing it safely is the client's business.
 */
export class AboutPage {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  get(): string {
    return (this.#db.prepare('SELECT html FROM about_page WHERE id = 1').pluck().get() as string | undefined) ?? '';
  }

  set(html: string): void {
    this.#db.prepare('INSERT INTO about_page (id, html) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET html = excluded.html').run(html);
  }
}
