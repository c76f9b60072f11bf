import type { Db } from '../db/open.ts';

/** Whether the page is shown to visitors, and its own title (undefined: the configured one). */
export interface AboutVisibility {
  hidden: boolean;
  title: string | undefined;
}

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

  visibility(): AboutVisibility {
    const row = this.#db.prepare<[], { hidden: number; title: string | null }>('SELECT hidden, title FROM about_page WHERE id = 1').get();
    return { hidden: row?.hidden === 1, title: row?.title ?? undefined };
  }

  /** Changes what is given; a blank title goes back to the configured one. */
  setVisibility(change: { hidden?: boolean; title?: string }): void {
    const now = this.visibility();
    const hidden = change.hidden ?? now.hidden;
    const title = change.title === undefined ? now.title : change.title.trim() === '' ? undefined : change.title;
    this.#db
      .prepare('INSERT INTO about_page (id, html, hidden, title) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET hidden = excluded.hidden, title = excluded.title')
      .run('', hidden ? 1 : 0, title ?? null);
  }
}
