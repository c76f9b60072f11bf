import { readdir } from 'node:fs/promises';
import type { Dirent } from 'node:fs';

/** `a.jpg` -> `a (n).jpg`; albums (no extension kept) `a` -> `a (n)` (SPEC §9). */
export function numbered(name: string, n: number, keepExtension: boolean): string {
  const dot = keepExtension ? name.lastIndexOf('.') : -1;
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

export type Entry = 'file' | 'dir';

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

  async free(rel: string, name: string, keepExtension: boolean): Promise<string> {
    const names = await this.of(rel);
    for (let n = 1; ; n++) {
      const candidate = numbered(name, n, keepExtension);
      if (!names.has(candidate)) return candidate;
    }
  }

  /** Records a change the operation made (`undefined`: the name is free again). */
  async set(rel: string, name: string, entry: Entry | undefined): Promise<void> {
    const names = await this.of(rel);
    if (entry) names.set(name, entry);
    else names.delete(name);
  }
}
