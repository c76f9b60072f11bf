import { existsSync, fstat, lstatSync, read } from 'node:fs';
import type { Config } from '../config.ts';
import type { ItemRow } from '../library/items.ts';
import type { Library } from '../library/library.ts';
import { extensionOf, RAW_EXTENSIONS } from '../library/media.ts';
import { closeFd, openItemFile } from '../library/safe-open.ts';
import { isHeif } from '../library/image-size.ts';
import { decodeBmp, isBmp } from './bmp.ts';
import { ThumbCache } from './cache.ts';
import { decodeHeic } from './heic.ts';
import { probeVideo, videoFrame, videoToolsAvailable } from './ffmpeg.ts';
import type { VideoFacts } from './ffmpeg.ts';
import { embeddedJpegs } from './raw-preview.ts';
import { inputSize, MAX_INPUT_PIXELS, render, Undecodable } from './render.ts';
import type { RenderInput } from './render.ts';
import { HotThumbs } from './send.ts';
import type { ThumbBytes } from './send.ts';
import { thumbKey } from './sizes.ts';
import type { KeySource } from './sizes.ts';
import type { ThumbSize } from './sizes.ts';
import { timeSlices, yieldToLoop } from '../runtime/yield.ts';

/** What asking for an item's thumbnails came to. */
export type ThumbOutcome = 'ok' | 'undecodable' | 'gone' | 'no-decoder';

/** What a failing disk answers a cache write (the errors SPEC §20 names, and a quota). */
const CACHE_WRITE_ERRORS = new Set(['ENOSPC', 'EIO', 'EACCES', 'EROFS', 'EDQUOT', 'EPERM']);

/** An item row with its album's path (where its file is). */
export type PlacedItem = ItemRow & { album_path: string };

export interface GenerateReport {
  made: number;
  skipped: number;
  undecodable: number;
  gone: number;
}

/** Files read whole (BMP, raw) only up to this size; bigger ones count as undecodable. */
const MAX_READ_BYTES = 512 * 1024 * 1024;
const SWEEP_BATCH = 512;

function fstatSize(fd: number): Promise<number> {
  return new Promise((resolve, reject) => fstat(fd, (err, st) => (err ? reject(err) : resolve(st.size))));
}

async function readWhole(fd: number): Promise<Buffer> {
  const size = await fstatSize(fd);
  if (size > MAX_READ_BYTES) throw new Undecodable('file too big to read whole');
  const buf = Buffer.allocUnsafe(size);
  let done = 0;
  while (done < size) {
    const n = await new Promise<number>((resolve, reject) => read(fd, buf, done, size - done, done, (err, bytes) => (err ? reject(err) : resolve(bytes))));
    if (n === 0) break;
    done += n;
  }
  return buf.subarray(0, done);
}

async function readHead(fd: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const n = await new Promise<number>((resolve, reject) => read(fd, buf, 0, length, 0, (err, bytes) => (err ? reject(err) : resolve(bytes))));
  return buf.subarray(0, n);
}

/**
 * Thumbnails of items (SPEC §14): made on demand for a request, and in the background after
 * scans and uploads, into the content-keyed cache (cache.ts). One generation per key at a time:
 * concurrent requests for the same thumbnail share its promise. Generations run a few at once
 * (`thumbConcurrency`); a request's jumps ahead of every waiting background one. The decoding
 * itself runs on libuv's thread pool (sharp) or in ffmpeg, never on the event loop.
 */
export class Thumbnails {
  readonly cache: ThumbCache;
  /** Thumbnails recently sent, in memory (send.ts). */
  readonly hot = new HotThumbs(32 * 1024 * 1024);
  readonly #library: Library;
  readonly #config: Config;
  readonly #inflight = new Map<string, Promise<ThumbOutcome>>();
  readonly #keys = new WeakMap<ItemRow, string>();
  /** Waiting for a generation slot: requests, served before background work. */
  readonly #urgent: Array<() => void> = [];
  readonly #backgroundWaiters: Array<() => void> = [];
  readonly #background: number[] = [];
  readonly #queued = new Set<number>();
  readonly #placed;
  readonly #batch;
  readonly #keySources;
  readonly #batchPlaced;
  readonly #storeVideo;
  #running = 0;
  #closed = false;
  #sweeping: Promise<void> | undefined;
  /** Settles when the background queue is empty and nothing runs (tests, `npm run thumbs`). */
  #idle: Array<() => void> = [];

  constructor(library: Library, config: Config) {
    this.#library = library;
    this.#config = config;
    this.cache = new ThumbCache(config.thumbDir);
    const { db } = library;
    this.#placed = db.prepare<[number], PlacedItem>('SELECT items.*, albums.path AS album_path FROM items JOIN albums ON albums.id = items.album_id WHERE items.id = ?');
    this.#batch = db.prepare<[number, number], ItemRow>('SELECT * FROM items WHERE id > ? ORDER BY id LIMIT ?');
    // What a cache key is made of, and nothing else: reading whole rows was most of a slice's time.
    this.#keySources = db.prepare<[number, number], KeySource>('SELECT id, thumb_key, size, mtime, rotation FROM items WHERE id > ? ORDER BY id LIMIT ?');
    this.#batchPlaced = db.prepare<[number, number], PlacedItem>(
      'SELECT items.*, albums.path AS album_path FROM items JOIN albums ON albums.id = items.album_id WHERE items.id > ? ORDER BY items.id LIMIT ?',
    );
    this.#storeVideo = db.prepare('UPDATE items SET video = ?, width = ?, height = ? WHERE id = ? AND size = ? AND mtime = ?');
  }

  /** Whether an item can have thumbnails at all on this server (a video needs ffmpeg). */
  static possible(kind: ItemRow['kind']): boolean {
    return kind === 'photo' || videoToolsAvailable();
  }

  /** The item's state in the cache, without making anything. */
  state(row: ItemRow): ThumbOutcome | 'missing' {
    if (!Thumbnails.possible(row.kind)) return 'no-decoder';
    const key = thumbKey(row);
    if (this.cache.hasSync(key)) return 'ok';
    if (this.cache.isBadSync(key)) return 'undecodable';
    return 'missing';
  }

  /** The item's thumbnails, made now if missing; `urgent` (a request) runs before background work. */
  ensure(row: ItemRow, albumPath: string, urgent = true): Promise<ThumbOutcome> {
    const state = this.state(row);
    if (state !== 'missing') return Promise.resolve(state);
    const key = thumbKey(row);
    let running = this.#inflight.get(key);
    if (!running) {
      running = this.#slot(urgent, () => this.#make(row, albumPath, key)).finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, running);
    }
    return running;
  }

  /**
   * One thumbnail of the item as it is sent, made first if missing (a request waits for it);
   * else why there is none.
   */
  async thumbnail(row: ItemRow, albumPath: string, size: ThumbSize): Promise<ThumbBytes | Exclude<ThumbOutcome, 'ok'> | 'unwritable'> {
    // The same row object comes back while the index does not change (api/thumb.ts): its key once.
    let key = this.#keys.get(row);
    if (key === undefined) this.#keys.set(row, (key = thumbKey(row)));
    const etag = `"${key}-${size}"`;
    const file = this.cache.file(key, size);
    // The index lags the disk until the next scan: a photo deleted there stops showing now, not
    // then. One lstat (a few µs, no link followed), cheaper than a trip through the thread pool.
    const original = lstatSync(this.#library.disk.abs(albumPath === '' ? row.name : `${albumPath}/${row.name}`), { throwIfNoEntry: false });
    if (!original?.isFile()) return 'gone';
    // Sent before: no stat of the cache, no queue.
    const hot = this.hot.peek(file);
    if (hot) return hot;
    for (let attempt = 0; attempt < 2; attempt++) {
      let outcome: ThumbOutcome;
      try {
        outcome = await this.ensure(row, albumPath);
      } catch (err) {
        // The cache's disk failing (full, read-only, EIO): no thumbnail this time, an answer that
        // says so (504), not an unknown error; the next request tries again (SPEC §20).
        if (!CACHE_WRITE_ERRORS.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
        this.#config.log({ level: 'warn', msg: 'could not write a thumbnail to the cache', error: String(err) });
        return 'unwritable';
      }
      if (outcome !== 'ok') return outcome;
      const found = await this.hot.get(file, etag);
      if (found) return found;
      // The cache was emptied between the check and the read: make it again, once.
    }
    return 'gone';
  }

  /** Queues items for background generation (after an upload, a rotation). */
  enqueue(ids: Iterable<number>): void {
    for (const id of ids) {
      if (this.#queued.has(id)) continue;
      this.#queued.add(id);
      this.#background.push(id);
    }
    this.#pump();
  }

  /**
   * Queues every item whose thumbnails are missing (after a scan): a walk over the index by id,
   * a batch at a time with a yield between, one stat per item.
   */
  sweep(): Promise<void> {
    this.#sweeping ??= (async () => {
      let last = 0;
      while (!this.#closed) {
        const rows = this.#batch.all(last, SWEEP_BATCH);
        if (rows.length === 0) break;
        last = (rows[rows.length - 1] as ItemRow).id;
        // Two stats and a hash per item: in slices of 10 ms (a whole batch held the loop ~50 ms at start-up).
        const missing: number[] = [];
        const slices = timeSlices(10);
        for (const r of rows) {
          if (this.state(r) === 'missing') missing.push(r.id);
          if (slices.over()) await yieldToLoop();
        }
        this.enqueue(missing);
        await yieldToLoop();
      }
    })().finally(() => {
      this.#sweeping = undefined;
    });
    return this.#sweeping;
  }

  /**
   * Every item's thumbnails, made where missing, a bounded number at a time (`npm run thumbs`).
   * `made`: generated now; `skipped`: there already, or no decoder (a video without ffmpeg);
   * `undecodable`: could not be decoded (now or before); `gone`: file missing on the disk.
   */
  async generateAll(onProgress: (p: GenerateReport & { total: number }) => void): Promise<GenerateReport> {
    const report: GenerateReport = { made: 0, skipped: 0, undecodable: 0, gone: 0 };
    const total = this.#library.db.prepare<[], number>('SELECT count(*) FROM items').pluck().get() ?? 0;
    const running = new Set<Promise<void>>();
    const count = (outcome: ThumbOutcome | 'missing', made: boolean) => {
      if (outcome === 'ok') report[made ? 'made' : 'skipped'] += 1;
      else if (outcome === 'no-decoder') report.skipped += 1;
      else if (outcome === 'undecodable') report.undecodable += 1;
      else if (outcome === 'gone') report.gone += 1;
      onProgress({ ...report, total });
    };
    let last = 0;
    while (!this.#closed) {
      const rows = this.#batchPlaced.all(last, SWEEP_BATCH);
      if (rows.length === 0) break;
      last = (rows[rows.length - 1] as PlacedItem).id;
      for (const row of rows) {
        const state = this.state(row);
        if (state !== 'missing') {
          count(state, false);
          continue;
        }
        const job = this.ensure(row, row.album_path, false).then((outcome) => count(outcome, true));
        running.add(job);
        void job.finally(() => running.delete(job));
        // A window of work, not every item's promise at once.
        while (running.size >= this.#config.thumbConcurrency * 2) await Promise.race(running);
      }
    }
    await Promise.all(running);
    return report;
  }

  /**
   * Removes cache files no item needs any more: those of deleted items (unless their trash entry
   * may still be restored), of old contents and rotations, of an older RENDER_VERSION.
   */
  async collectGarbage(): Promise<number> {
    const live = new Set<string>();
    let last = 0;
    for (;;) {
      if (this.#closed) return 0;
      // Slices of a few ms (a sha256 and a narrow row each), so the event loop is never held long.
      const rows = this.#keySources.all(last, SWEEP_BATCH);
      if (rows.length === 0) break;
      last = (rows[rows.length - 1] as KeySource).id;
      for (const row of rows) live.add(thumbKey(row));
      await yieldToLoop();
    }
    if (this.#closed) return 0;
    for (const meta of this.#library.db.prepare<[], string>('SELECT meta FROM trash').pluck().iterate()) {
      const saved = JSON.parse(meta) as { item?: (ItemRow & { thumb_key?: number }) | null; items?: { item: ItemRow }[] };
      for (const item of [saved.item, ...(saved.items ?? []).map((i) => i.item)]) {
        if (item?.thumb_key != null) live.add(thumbKey({ ...item, id: item.thumb_key }));
      }
    }
    // Stopped meanwhile: the keys seen so far are not all the live ones.
    return this.cache.collect((key) => this.#closed || live.has(key));
  }

  /** Resolves once no background work is queued or running. */
  async idle(): Promise<void> {
    while (this.#sweeping) await this.#sweeping;
    if (this.#background.length === 0 && this.#running === 0) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  /** Stops taking background work; waits for what runs. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#background.length = 0;
    this.#queued.clear();
    await Promise.allSettled([...this.#inflight.values()]);
  }

  get pending(): number {
    return this.#background.length + this.#running;
  }

  async #slot<T>(urgent: boolean, work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#config.thumbConcurrency) {
      await new Promise<void>((resolve) => (urgent ? this.#urgent : this.#backgroundWaiters).push(resolve));
    }
    this.#running += 1;
    try {
      return await work();
    } finally {
      this.#running -= 1;
      this.#next();
    }
  }

  /** A slot freed: a waiting request first, then a waiting background generation, then the queue. */
  #next(): void {
    const wake = this.#urgent.shift() ?? this.#backgroundWaiters.shift();
    if (wake) wake();
    else this.#pump();
  }

  /** Starts background generations while slots are free and nothing urgent waits. */
  #pump(): void {
    while (!this.#closed && this.#running + this.#backgroundWaiters.length < this.#config.thumbConcurrency && this.#urgent.length === 0) {
      const id = this.#background.shift();
      if (id === undefined) break;
      this.#queued.delete(id);
      const row = this.#placed.get(id);
      if (!row) continue;
      void this.ensure(row, row.album_path, false).catch((err: unknown) => {
        this.#config.log({ level: 'error', msg: 'thumbnail generation failed', stack: err instanceof Error ? err.stack : String(err) });
      });
    }
    if (this.#background.length === 0 && this.#running === 0 && this.#backgroundWaiters.length === 0) {
      for (const resolve of this.#idle.splice(0)) resolve();
    }
  }

  async #make(row: ItemRow, albumPath: string, key: string): Promise<ThumbOutcome> {
    const fd = await openItemFile(this.#library.disk, albumPath, row.name);
    if (fd === undefined) return 'gone';
    try {
      const input = await this.#input(row, fd);
      const rendered = await render(input, row.rotation ?? 0, { seconds: this.#config.thumbTimeoutSeconds });
      await this.cache.write(key, rendered);
      return 'ok';
    } catch (err) {
      if (!(err instanceof Undecodable)) throw err;
      await this.cache.markBad(key);
      return 'undecodable';
    } finally {
      await closeFd(fd);
    }
  }

  /** What the decoder reads for this item, by kind and format. */
  async #input(row: ItemRow, fd: number): Promise<RenderInput> {
    const ext = extensionOf(row.name);
    if (row.kind === 'video') {
      let facts = row.video ? (JSON.parse(row.video) as VideoFacts) : undefined;
      if (!facts) {
        facts = await probeVideo(fd, ext);
        // A video uploaded or found since the last metadata pass: keep what the probe said.
        if (facts) this.#storeVideo.run(JSON.stringify(facts), facts.resolution_x, facts.resolution_y, row.id, row.size, row.mtime);
      }
      const frame = await videoFrame(fd, facts?.duration ?? 0);
      if (!frame) throw new Undecodable('no video frame');
      return { bytes: frame };
    }
    if (RAW_EXTENSIONS.has(ext)) return this.#rawPreview(await readWhole(fd));
    const head = await readHead(fd, 12);
    // By content, not by name: a .heic that is a JPEG goes to sharp, a HEIC named .jpg comes here.
    if (isHeif(head) && !head.includes('avif', 8, 'latin1')) {
      return decodeHeic(await readWhole(fd), { maxPixels: MAX_INPUT_PIXELS, seconds: this.#config.thumbTimeoutSeconds });
    }
    if (isBmp(head)) {
      const bmp = await decodeBmp(await readWhole(fd), MAX_INPUT_PIXELS);
      if (!bmp) throw new Undecodable('unsupported BMP');
      return { raw: bmp.data, width: bmp.width, height: bmp.height, channels: bmp.channels };
    }
    // libvips opens the descriptor's file through /proc: the very file opened the safe way.
    if (existsSync('/proc/self/fd')) return { file: `/proc/self/fd/${fd}` };
    return { bytes: await readWhole(fd) };
  }

  /** The embedded JPEG with the most pixels. */
  async #rawPreview(file: Buffer): Promise<RenderInput> {
    let best: { input: RenderInput; pixels: number } | undefined;
    for (const bytes of embeddedJpegs(file)) {
      const input = { bytes };
      const size = await inputSize(input);
      if (size && (!best || size.width * size.height > best.pixels)) best = { input, pixels: size.width * size.height };
    }
    if (!best) throw new Undecodable('no embedded preview');
    return best.input;
  }
}
