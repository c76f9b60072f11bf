import path from 'node:path';
import { linkOnTheWay } from './disk.ts';
import type { Library } from './library.ts';
import type { ItemKind } from './media.ts';
import { readFileFacts } from './metadata.ts';
import type { FileFacts } from './metadata.ts';

export interface MetadataReport {
  read: number;
  ms: number;
}

export interface MetadataProgress {
  done: number;
  total: number;
}

interface Pending {
  id: number;
  name: string;
  kind: ItemKind;
  mtime: number;
  size: number;
  meta_pending: number;
  path: string;
}

const BATCH = 256;
/** Files read at once: enough to overlap disk waits, few enough to leave the thread pool to requests. */
const CONCURRENCY = 8;

/**
 * The metadata pass of a scan: reads EXIF (taken date, size, orientation, GPS, title) of the rows
 * the structural pass marked `meta_pending`, in batches, a few files at a time. A row found by
 * its directory entry alone (2) also gets its file size and mtime, from the file opened for
 * EXIF, and the mtime fallback of its taken date. A row whose file changed again meanwhile
 * (another mtime) stays pending for the next scan. Titles and descriptions a user already set
 * are kept.
 */
export class MetadataPass {
  readonly #library: Library;
  readonly #pending;
  readonly #count;
  readonly #update;
  readonly #clear;

  constructor(library: Library) {
    this.#library = library;
    const { db } = library;
    this.#pending = db.prepare<[number, number], Pending>(
      `SELECT items.id, items.name, items.kind, items.mtime, items.size, items.meta_pending, albums.path FROM items JOIN albums ON albums.id = items.album_id
       WHERE items.meta_pending > 0 AND items.id > ? ORDER BY items.id LIMIT ?`,
    );
    this.#count = db.prepare<[], number>('SELECT count(*) FROM items WHERE meta_pending > 0').pluck();
    this.#update = db.prepare(
      `UPDATE items SET size = @size, mtime = @mtime, taken_at = @taken_at, width = @width, height = @height, orientation = @orientation, lat = @lat, lng = @lng, exif = @exif,
         title = CASE WHEN title = '' THEN @title ELSE title END,
         description = CASE WHEN description = '' THEN @description ELSE description END,
         meta_pending = 0
       WHERE id = @id AND mtime = @was AND meta_pending = @pending`,
    );
    this.#clear = db.prepare('UPDATE items SET meta_pending = 0 WHERE id = ? AND mtime = ? AND meta_pending = ?');
  }

  async run(onProgress: (p: MetadataProgress) => void, stopped: () => boolean): Promise<MetadataReport> {
    const started = performance.now();
    const total = this.#count.get() ?? 0;
    let done = 0;
    let after = 0;
    while (!stopped()) {
      const batch = this.#pending.all(after, BATCH);
      if (batch.length === 0) break;
      after = (batch[batch.length - 1] as Pending).id;
      // An album swapped for a link since the structure pass must not lead the reads outside.
      const safe = new Map<string, boolean>();
      for (const p of batch) if (!safe.has(p.path)) safe.set(p.path, !linkOnTheWay(this.#library.disk.root, p.path === '' ? p.name : `${p.path}/${p.name}`));
      const results = await mapLimited(batch, CONCURRENCY, (p) => (safe.get(p.path) ? this.#read(p) : Promise.resolve(undefined)));
      this.#library.db.transaction(() => {
        batch.forEach((p, i) => {
          const facts = results[i];
          if (facts) this.#update.run({ ...facts.meta, size: facts.size, mtime: facts.mtime, id: p.id, was: p.mtime, pending: p.meta_pending });
          else this.#clear.run(p.id, p.mtime, p.meta_pending);
        });
      })();
      done += batch.length;
      onProgress({ done, total: Math.max(total, done) });
    }
    return { read: done, ms: performance.now() - started };
  }

  /**
   * Undefined when the file is gone or is no longer a plain file: it is opened without following
   * a link planted since (O_NOFOLLOW), so no lstat of its own is needed.
   */
  #read(p: Pending): Promise<FileFacts | undefined> {
    const known = p.meta_pending === 2 ? undefined : { size: p.size, mtime: p.mtime };
    return readFileFacts(path.join(this.#library.disk.abs(p.path), p.name), p.kind, known);
  }
}

async function mapLimited<T, R>(list: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      out[i] = await fn(list[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
  return out;
}
