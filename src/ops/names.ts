import { readdir } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import type { Entry } from './clash.ts';

/**
 * What each destination folder holds, read from the disk once per operation and then kept up to
 * date with the names the operation itself takes, so choosing names for 10 000 items costs one
 * readdir rather than 10 000 stats.
 */
export class FolderNames {
  readonly #abs: (rel: string) => string;
  readonly #folders = new Map<string, Map<string, Entry>>();

  constructor(abs: (rel: string) => string) {
    this.#abs = abs;
  }

  /** The names in `rel` if read already: a planner's hot loop goes on without an await. */
  known(rel: string): Map<string, Entry> | undefined {
    return this.#folders.get(rel);
  }

  async of(rel: string): Promise<Map<string, Entry>> {
    let names = this.#folders.get(rel);
    if (!names) {
      names = new Map();
      let entries: Dirent[] = [];
      try {
        entries = await readdir(this.#abs(rel), { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      for (const e of entries) names.set(e.name, e.isDirectory() ? 'dir' : 'file');
      this.#folders.set(rel, names);
    }
    return names;
  }

  /** Records a change the operation made (`undefined`: the name is free again). */
  async set(rel: string, name: string, entry: Entry | undefined): Promise<void> {
    const names = await this.of(rel);
    if (entry) names.set(name, entry);
    else names.delete(name);
  }
}
