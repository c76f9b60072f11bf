import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { mkdir, rename, rm, writeFile } from '../runtime/fsx.ts';
import path from 'node:path';
import type { Rendered } from './render.ts';
import { SIZE_ORDER } from './sizes.ts';
import type { ThumbSize } from './sizes.ts';

/**
 * The thumbnail cache: files under `<data>/thumbs`, never under the photo root, named by the
 * content key of thumbs/sizes.ts (`ab/abcdef…-small.jpg`), never by a path. Nothing in it is
 * the only copy of anything: deleting the folder loses only the time to remake it.
 * - `<key>-<size>.jpg`: a thumbnail. Written to a temporary name, then renamed, so a reader
 *   sees a whole file or none; `large` is renamed last and stands for "all three are there".
 * - `<key>.bad`: the source could not be decoded. Keyed by content like the rest, so the same
 *   file is never tried again, and a changed file (new key) is.
 */
export class ThumbCache {
  readonly dir: string;
  #tmp = 0;

  constructor(dir: string) {
    this.dir = dir;
  }

  #shard(key: string): string {
    return path.join(this.dir, key.slice(0, 2));
  }

  file(key: string, size: ThumbSize): string {
    return path.join(this.#shard(key), `${key}-${size}.jpg`);
  }

  #badFile(key: string): string {
    return path.join(this.#shard(key), `${key}.bad`);
  }

  /** Whether all three thumbnails of `key` are there (one stat, synchronous: a few µs). */
  hasSync(key: string): boolean {
    return existsSync(this.file(key, 'large'));
  }

  isBadSync(key: string): boolean {
    return existsSync(this.#badFile(key));
  }

  async write(key: string, rendered: Rendered): Promise<void> {
    await mkdir(this.#shard(key), { recursive: true });
    // `large` last: its presence means the set is complete (hasSync).
    for (const size of [...SIZE_ORDER].reverse()) {
      const tmp = path.join(this.#shard(key), `.tmp-${process.pid}-${++this.#tmp}`);
      try {
        await writeFile(tmp, rendered[size]);
        await rename(tmp, this.file(key, size));
      } catch (err) {
        // A full or failing disk: no half-written temporary file stays behind (collect would
        // remove it only an hour later, and it holds space the disk lacks).
        await rm(tmp, { force: true }).catch(() => {});
        throw err;
      }
    }
  }

  async markBad(key: string): Promise<void> {
    await mkdir(this.#shard(key), { recursive: true });
    await writeFile(this.#badFile(key), '');
  }

  /** Size and mtime of one thumbnail, or undefined when it is not there. */
  async stat(key: string, size: ThumbSize): Promise<{ size: number; mtimeMs: number } | undefined> {
    try {
      const st = await stat(this.file(key, size));
      return { size: st.size, mtimeMs: st.mtimeMs };
    } catch {
      return undefined;
    }
  }

  /**
   * Removes every file whose key `live` does not hold (deleted items, old contents, old
   * rotations, thumbnails of an older RENDER_VERSION) and temporary files over an hour old. Answers how
   * many files went.
   */
  async collect(live: (key: string) => boolean): Promise<number> {
    let removed = 0;
    let shards: string[];
    try {
      shards = await readdir(this.dir);
    } catch {
      return 0;
    }
    for (const shard of shards) {
      const dir = path.join(this.dir, shard);
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        continue;
      }
      for (const name of names) {
        if (name.startsWith('.tmp-')) {
          // Being written by a running server, unless it is old: a crash left it.
          const st = await stat(path.join(dir, name)).catch(() => undefined);
          if (st && Date.now() - st.mtimeMs < 3600_000) continue;
        } else if (live(name.replace(/(-(preview|small|large)\.jpg|\.bad)$/, ''))) continue;
        await rm(path.join(dir, name), { force: true });
        removed += 1;
      }
    }
    return removed;
  }
}
