import path from 'node:path';
import { linkOnTheWay } from './disk.ts';
import type { Library } from './library.ts';
import { mapLimited } from './map-limited.ts';
import type { ItemKind } from './media.ts';
import { readFileFacts } from './metadata.ts';
import type { FileFacts } from './metadata.ts';
import { metadataThread, readOnThread } from './metadata-thread.ts';
import { closeFd, openItemFile } from './safe-open.ts';
import { extensionOf } from './media.ts';
import { probeVideo, videoToolsAvailable } from '../thumbs/ffmpeg.ts';
import type { MetadataFile } from './metadata-thread.ts';

export interface MetadataReport {
  read: number;
  /** Of those, files read on the metadata thread (the rest on the thread that serves requests). */
  onThread: number;
  ms: number;
}

export interface MetadataProgress {
  done: number;
  total: number;
}

interface Pending {
  id: number;
  album_id: number;
  name: string;
  kind: ItemKind;
  mtime: number;
  size: number;
  meta_pending: number;
  path: string;
}

/** What the pass writes of a file: its facts, and for a video what ffprobe said (JSON). */
type ReadFacts = FileFacts & { video?: { video: string } };

const BATCH = 256;
/**
 * The row is still where its file was read: same album, same name, the album at the same path.
 * A move or rename between the read and the write keeps the row's id, mtime and mark; without
 * this, what was read at the old place (another file by then) would be written into it.
 */
const SAME_PLACE = 'album_id = @album AND name = @name AND (SELECT path FROM albums WHERE id = @album) = @path';
/** Files read at once: enough to overlap disk waits, few enough to leave the thread pool to requests. */
const CONCURRENCY = 8;

/**
 * The metadata pass of a scan: reads EXIF (taken date, size, orientation, GPS, title; IPTC/XMP keywords and people as tags) of the rows
 * the structural pass marked `meta_pending`, in batches, a few files at a time, on the metadata
 * thread (metadata-thread.ts) while this thread writes the previous batch's results; on this
 * thread until that one is up or if it fails. A row found by
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
  #realRoot = '';

  constructor(library: Library) {
    this.#library = library;
    // Started now, so it is likely up by the first metadata pass.
    metadataThread();
    const { db } = library;
    this.#pending = db.prepare<[number, number], Pending>(
      `SELECT items.id, items.album_id, items.name, items.kind, items.mtime, items.size, items.meta_pending, albums.path FROM items JOIN albums ON albums.id = items.album_id
       WHERE items.meta_pending > 0 AND items.id > ? ORDER BY items.id LIMIT ?`,
    );
    this.#count = db.prepare<[], number>('SELECT count(*) FROM items WHERE meta_pending > 0').pluck();
    this.#update = db.prepare(
      `UPDATE items SET size = @size, mtime = @mtime, taken_at = @taken_at, width = @width, height = @height, orientation = @orientation, lat = @lat, lng = @lng, exif = @exif, video = @video,
         title = CASE WHEN title = '' THEN @title ELSE title END,
         description = CASE WHEN description = '' THEN @description ELSE description END,
         meta_pending = 0
       WHERE id = @id AND mtime = @was AND meta_pending = @pending AND ${SAME_PLACE}`,
    );
    this.#clear = db.prepare(`UPDATE items SET meta_pending = 0 WHERE id = @id AND mtime = @was AND meta_pending = @pending AND ${SAME_PLACE}`);
  }

  async run(onProgress: (p: MetadataProgress) => void, stopped: () => boolean): Promise<MetadataReport> {
    const started = performance.now();
    const total = this.#count.get() ?? 0;
    const report: MetadataReport = { read: 0, onThread: 0, ms: 0 };
    // Each file is read only if it opens at its place under this (see readFileFacts).
    this.#realRoot = await this.#library.disk.realRoot();
    let batch = this.#pending.all(0, BATCH);
    let reading = this.#readAll(batch, report);
    while (batch.length > 0 && !stopped()) {
      const next = this.#pending.all((batch[batch.length - 1] as Pending).id, BATCH);
      const results = await reading;
      const current = batch;
      // The next batch is read while this one is written.
      batch = stopped() ? [] : next;
      reading = this.#readAll(batch, report);
      this.#library.db.transaction(() => {
        current.forEach((p, i) => {
          const facts = results[i];
          const row = { id: p.id, was: p.mtime, pending: p.meta_pending, album: p.album_id, name: p.name, path: p.path };
          if (!facts) this.#clear.run(row);
          // Keywords and people the file names become its tags, once the row is known to be that file's.
          else if (this.#update.run({ ...facts.meta, video: null, ...facts.video, size: facts.size, mtime: facts.mtime, ...row }).changes === 1 && facts.tags) {
            this.#library.tags.fromFile(p.id, facts.tags, this.#library.config.now());
          }
        });
      })();
      report.read += current.length;
      onProgress({ done: report.read, total: Math.max(total, report.read) });
    }
    // Stopped with a batch out: its answer is not wanted, and must not count as unhandled.
    reading.catch(() => undefined);
    report.ms = performance.now() - started;
    return report;
  }

  /** False when a folder on the way to `p` is a link, or cannot be told (one became a file: ENOTDIR). */
  #noLinkOnTheWay(p: Pending): boolean {
    try {
      return !linkOnTheWay(this.#library.disk.root, p.path === '' ? p.name : `${p.path}/${p.name}`);
    } catch {
      return false;
    }
  }

  /** What each file of `batch` holds, read on the metadata thread when it is up, else here. */
  async #readAll(batch: Pending[], report: MetadataReport): Promise<Array<ReadFacts | undefined>> {
    const facts: Array<ReadFacts | undefined> = await this.#readFiles(batch, report);
    if (!videoToolsAvailable()) return facts;
    // Videos: codecs, duration and the displayed size from ffprobe, a child process (a few at
    // once, thumbs/ffmpeg.ts), opened the same link-safe way as every other read.
    await Promise.all(
      batch.map(async (p, i) => {
        const f = facts[i];
        if (p.kind !== 'video' || !f) return;
        const fd = await openItemFile(this.#library.disk, p.path, p.name);
        if (fd === undefined) return;
        try {
          const probe = await probeVideo(fd, extensionOf(p.name));
          if (probe) facts[i] = { ...f, meta: { ...f.meta, width: probe.resolution_x, height: probe.resolution_y }, video: { video: JSON.stringify(probe) } };
        } finally {
          await closeFd(fd);
        }
      }),
    );
    return facts;
  }

  async #readFiles(batch: Pending[], report: MetadataReport): Promise<Array<FileFacts | undefined>> {
    if (batch.length === 0) return [];
    // An album swapped for a link since the structure pass must not lead the reads outside.
    const safe = new Map<string, boolean>();
    for (const p of batch) if (!safe.has(p.path)) safe.set(p.path, this.#noLinkOnTheWay(p));
    const files: MetadataFile[] = batch.map((p) =>
      safe.get(p.path)
        ? {
            file: path.join(this.#library.disk.abs(p.path), p.name),
            real: path.join(this.#realRoot, p.path, p.name),
            kind: p.kind,
            known: p.meta_pending === 2 ? undefined : { size: p.size, mtime: p.mtime },
          }
        : null,
    );
    const there = await readOnThread(files, CONCURRENCY);
    if (there) {
      report.onThread += batch.length;
      return there;
    }
    return mapLimited(files, CONCURRENCY, (f) => (f ? readFileFacts(f.file, f.kind, f.known, f.real) : Promise.resolve(undefined)));
  }
}
