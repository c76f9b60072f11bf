import path from 'node:path';
import type { Library } from './library.ts';
import type { AlbumRow } from './albums.ts';
import { FolderQueue, readingThread } from './folder-queue.ts';
import { fileFacts, GONE, UNKNOWN } from './folder-read.ts';
import type { FolderListing } from './folder-read.ts';
import { albumId, itemId, itemIds } from './ids.ts';
import { NEW_UID_SQL } from './uid-sql.ts';
import { kindOf } from './media.ts';
import type { ItemKind } from './media.ts';
import { yieldToLoop } from '../runtime/yield.ts';
import { removeStale } from '../runtime/litter.ts';

export interface StructureReport {
  albums: number;
  files: number;
  albumsAdded: number;
  albumsRemoved: number;
  added: number;
  changed: number;
  removed: number;
  /** Folders listed ahead on the reading thread (the rest were read by the pass itself). */
  readAhead: number;
  /** Times the pass waited, between batches, for the thread to finish a folder it needed next. */
  waited: number;
  ms: number;
}

export interface StructureProgress {
  albums: number;
  files: number;
}

/**
 * Rows written per transaction, and the longest a batch may hold the event loop. The row bound
 * only keeps a transaction's WAL growth modest; the time bound is what keeps requests answered.
 */
const BATCH_ROWS = 20_000;
const BATCH_MS = 25;

interface KnownItem {
  id: number;
  name: string;
  size: number;
  mtime: number;
  meta_pending: number;
}

/**
 * The structural pass of a scan: makes album and item rows match the folders and files under
 * the photo root, without opening a file. Each folder is reconciled synchronously, so no request
 * sees it half-done; folders are grouped into transactions of at most BATCH_MS, and the event
 * loop gets a turn between them. Folders are listed by `readFolder`, which never follows a
 * symlink, mostly ahead of time on the reading thread (folder-queue.ts): this thread is left
 * the index to write.
 *
 * A file the index does not know is found the way `find -type f` finds it, from its directory
 * entry alone: its row goes in with `meta_pending = 2` (size, mtime and taken date unknown), and
 * the metadata pass, which opens the file anyway, fills them in. A file the index knows is
 * stat'ed: a new size or mtime is how a rescan sees that its content changed (`meta_pending = 1`).
 *
 * Change events follow the feed's rule that an album's event stands for its content (an album
 * moved, deleted or restored is one event): a folder found new gets one CREATE album, recorded
 * when its own files are reconciled, in the same transaction, so a client that lists the album
 * on that event sees all of them; its files get no event of their own. Only files new in an
 * album the index already had get a CREATE each. (A first scan of 100 000 files in 1 000
 * folders writes 1 000 events, not 101 000.)
 */
export class StructurePass {
  readonly #library: Library;
  readonly #known;
  readonly #insertNew;
  readonly #change;
  readonly #delete;
  /** Albums this run inserted whose CREATE event is still to be recorded (at their reconcile). */
  readonly #found = new Set<number>();

  constructor(library: Library) {
    this.#library = library;
    // Started now, so it is likely up by the first scan; until it is, the pass reads for itself.
    readingThread();
    const { db } = library;
    this.#known = db.prepare<[number], KnownItem>('SELECT id, name, size, mtime, meta_pending FROM items WHERE album_id = ?');
    // All new files of one kind in a folder in one statement, their names as one JSON array: one
    // call and one string to bind instead of a row's worth of values per file.
    this.#insertNew = db.prepare(`INSERT OR IGNORE INTO items (album_id, name, kind, created_at, meta_pending, uid) SELECT ?, value, ?, ?, 2, ${NEW_UID_SQL} FROM json_each(?)`);
    this.#change = db.prepare('UPDATE items SET size = ?, mtime = ?, meta_pending = 1 WHERE id = ?');
    this.#delete = db.prepare('DELETE FROM items WHERE id = ?');
  }

  async run(onProgress: (p: StructureProgress) => void, stopped: () => boolean): Promise<StructureReport> {
    const started = performance.now();
    const report: StructureReport = { albums: 0, files: 0, albumsAdded: 0, albumsRemoved: 0, added: 0, changed: 0, removed: 0, readAhead: 0, waited: 0, ms: 0 };
    const queue = new FolderQueue(this.#library.disk.root);
    const root = this.#library.albums.root();
    queue.push(root.id, root.path, true);
    try {
      while (!queue.empty && !stopped()) {
        await queue.settle();
        const batchStart = performance.now();
        let rows = 0;
        this.#library.db.transaction(() => {
          while (!queue.empty && rows < BATCH_ROWS && performance.now() - batchStart < BATCH_MS && queue.headReady()) {
            // An album may have been deleted or moved by a request since it was queued: look it up again.
            const album = this.#library.albums.byId(queue.shift());
            if (album) rows += this.#reconcile(album, queue.read(album.path), queue, report);
          }
        })();
        onProgress({ albums: report.albums, files: report.files });
        await yieldToLoop();
      }
    } finally {
      // Stopped, done or failed: the thread skips what is still asked for.
      queue.clear();
    }
    report.readAhead = queue.readAhead;
    report.waited = queue.waits;
    // Stopped, or a found folder vanished before its turn: its row still says it exists.
    if (this.#found.size > 0) this.#library.db.transaction(() => this.#announceFound())();
    report.ms = performance.now() - started;
    return report;
  }

  #announceFound(): void {
    for (const id of this.#found) {
      const album = this.#library.albums.byId(id);
      if (album) this.#library.changes.record('CREATE', 'album', albumId(album.path), { reason: 'scan' });
    }
    this.#found.clear();
  }

  /** Makes one album's direct children match its folder; queues its sub-albums. Returns rows touched. */
  #reconcile(album: AlbumRow, listing: FolderListing, queue: FolderQueue, report: StructureReport): number {
    const { albums, disk, config } = this.#library;
    // What the scan finds changed on disk reaches Sync clients like any other change.
    const feed = this.#library.changes;
    const found = this.#found.delete(album.id);
    if (found) feed.record('CREATE', 'album', albumId(album.path), { reason: 'scan' });
    // Gone, or it or a folder above it replaced by a link since it was queued.
    if (!listing.ok) return 0;
    report.albums += 1;
    if (listing.litter) removeStale(disk.abs(album.path), listing.litter, config.log);
    const now = config.now();
    const dirs = new Map(listing.dirs);
    let rows = 0;

    for (const child of albums.children(album.id)) {
      if (dirs.delete(child.name)) {
        queue.push(child.id, child.path, true);
      } else {
        albums.deleteSubtree(child);
        feed.record('DELETE', 'album', albumId(child.path), { reason: 'scan' });
        report.albumsRemoved += 1;
        rows += 1;
      }
    }
    for (const [name, mtime] of dirs) {
      const child = albums.insert(album, name, now, null, mtime);
      this.#found.add(child.id);
      queue.push(child.id, child.path, false);
      report.albumsAdded += 1;
      rows += 1;
    }

    const known = new Map<string, KnownItem>();
    for (const row of this.#known.all(album.id)) known.set(row.name, row);
    const abs = disk.abs(album.path);
    rows += this.#files(album, abs, listing.photos, listing.photoCount, listing.photoStats, 'photo', known, now, report, !found);
    rows += this.#files(album, abs, listing.videos, listing.videoCount, listing.videoStats, 'video', known, now, report, !found);
    // What is left was not seen as a plain file in the folder.
    for (const row of known.values()) {
      this.#delete.run(row.id);
      const kind = kindOf(row.name) ?? 'photo';
      feed.record('DELETE', kind, itemId(album.path, row.name, kind), { reason: 'scan' });
      report.removed += 1;
      rows += 1;
    }
    return rows + 1;
  }

  /**
   * Reconciles the files of one kind in a folder with their rows in `known` (taking out each row
   * it sees). `json` is their names as a JSON array, `count` how many, `stats` their sizes and
   * mtimes when the listing has them (else a file with a row is stat'ed here). Returns rows touched.
   * `eventEach`: a new file gets its own CREATE event (not in an album this run found, whose
   * event covers it).
   */
  #files(
    album: AlbumRow,
    abs: string,
    json: string,
    count: number,
    stats: Float64Array | undefined,
    kind: ItemKind,
    known: Map<string, KnownItem>,
    now: number,
    report: StructureReport,
    eventEach: boolean,
  ): number {
    if (count === 0) return 0;
    // A folder the index knows nothing of: every file is new, and the listing is the insert's argument.
    if (known.size === 0 && !eventEach) {
      this.#insertNew.run(album.id, kind, now, json);
      report.files += count;
      report.added += count;
      return count;
    }
    const feed = this.#library.changes;
    const fresh: string[] = [];
    let rows = 0;
    const names = JSON.parse(json) as string[];
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const row = known.size > 0 ? known.get(name) : undefined;
      if (!row) {
        fresh.push(name);
        continue;
      }
      // Not read since it was found: nothing to compare with; the metadata pass will stat it.
      if (row.meta_pending === 2) {
        known.delete(name);
        report.files += 1;
        continue;
      }
      const [size, mtime] = stats ? [stats[2 * i] as number, stats[2 * i + 1] as number] : fileFacts(path.join(abs, name));
      if (size === GONE) continue; // gone or replaced since readdir: its row goes
      known.delete(name);
      report.files += 1;
      if (size === UNKNOWN) continue; // cannot be stat'ed (permissions, I/O): its row stays as it is
      if (row.size === size && row.mtime === mtime) continue;
      this.#change.run(size, mtime, row.id);
      feed.record('UPDATE', kind, itemId(album.path, name, kind), { reason: 'scan' });
      report.changed += 1;
      rows += 1;
    }
    if (fresh.length === 0) return rows;
    // Still in name order (the listing's), so new rows extend the (album_id, name) index at its end.
    this.#insertNew.run(album.id, kind, now, JSON.stringify(fresh));
    if (eventEach) feed.recordMany('CREATE', kind, itemIds(album.path, fresh, kind), { reason: 'scan' });
    report.files += fresh.length;
    report.added += fresh.length;
    return rows + fresh.length;
  }
}
