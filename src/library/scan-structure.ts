import { lstatSync, readdirSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import type { Library } from './library.ts';
import type { AlbumRow } from './albums.ts';
import { linkOnTheWay } from './disk.ts';
import { albumId, checkName, itemId, itemIds, MAX_PATH_BYTES } from './ids.ts';
import { kindOf } from './media.ts';
import type { ItemKind } from './media.ts';

export interface StructureReport {
  albums: number;
  files: number;
  albumsAdded: number;
  albumsRemoved: number;
  added: number;
  changed: number;
  removed: number;
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
 * A name the index can hold below a folder whose path is `parentBytes` long: visible,
 * addressable by an id, valid UTF-8 on disk. The parent's own path was checked when it was added.
 */
function usable(parentBytes: number, name: string): boolean {
  // readdir decodes invalid UTF-8 as U+FFFD; such a name would not map back to the file.
  if (name.includes('\uFFFD')) return false;
  try {
    checkName(name);
  } catch {
    return false;
  }
  return parentBytes + 1 + Buffer.byteLength(name, 'utf8') <= MAX_PATH_BYTES;
}

/**
 * The structural pass of a scan: makes album and item rows match the folders and files under
 * the photo root, without opening a file. Each folder is read and reconciled synchronously, so
 * no request sees it half-done; folders are grouped into transactions of at most BATCH_MS, and
 * the event loop gets a turn between them. Symlinks are never followed: a Dirent that is a link
 * is neither a folder nor a file here.
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
    const { db } = library;
    this.#known = db.prepare<[number], KnownItem>('SELECT id, name, size, mtime, meta_pending FROM items WHERE album_id = ?');
    // All new files of one kind in a folder in one statement, their names as one JSON array: one
    // call and one string to bind instead of a row's worth of values per file.
    this.#insertNew = db.prepare(
      'INSERT OR IGNORE INTO items (album_id, name, kind, created_at, meta_pending) SELECT ?, value, ?, ?, 2 FROM json_each(?)',
    );
    this.#change = db.prepare('UPDATE items SET size = ?, mtime = ?, meta_pending = 1 WHERE id = ?');
    this.#delete = db.prepare('DELETE FROM items WHERE id = ?');
  }

  async run(onProgress: (p: StructureProgress) => void, stopped: () => boolean): Promise<StructureReport> {
    const started = performance.now();
    const report: StructureReport = { albums: 0, files: 0, albumsAdded: 0, albumsRemoved: 0, added: 0, changed: 0, removed: 0, ms: 0 };
    const stack: number[] = [this.#library.albums.root().id];
    while (stack.length > 0 && !stopped()) {
      const batchStart = performance.now();
      let rows = 0;
      this.#library.db.transaction(() => {
        while (stack.length > 0 && rows < BATCH_ROWS && performance.now() - batchStart < BATCH_MS) {
          // An album may have been deleted or moved by a request since it was queued: look it up again.
          const album = this.#library.albums.byId(stack.pop() as number);
          if (album) rows += this.#reconcile(album, stack, report);
        }
      })();
      onProgress({ albums: report.albums, files: report.files });
      await new Promise(setImmediate);
    }
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
  #reconcile(album: AlbumRow, stack: number[], report: StructureReport): number {
    const { albums, disk, config } = this.#library;
    // What the scan finds changed on disk reaches Sync clients like any other change.
    const feed = this.#library.changes;
    const found = this.#found.delete(album.id);
    if (found) feed.record('CREATE', 'album', albumId(album.path), { reason: 'scan' });
    const abs = disk.abs(album.path);
    // Gone, or it or a folder above it replaced by a link since it was queued: readdir would follow.
    if (album.depth > 0 && (!lstatSync(abs, { throwIfNoEntry: false })?.isDirectory() || linkOnTheWay(disk.root, album.path))) return 0;
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return 0;
    }
    report.albums += 1;
    const now = config.now();
    const parentBytes = album.depth === 0 ? -1 : Buffer.byteLength(album.path, 'utf8');
    const dirs = new Set<string>();
    const photos: string[] = [];
    const videos: string[] = [];
    for (const entry of entries) {
      if (!usable(parentBytes, entry.name)) continue;
      if (entry.isDirectory()) dirs.add(entry.name);
      else if (entry.isFile()) {
        const kind = kindOf(entry.name);
        if (kind === 'photo') photos.push(entry.name);
        else if (kind === 'video') videos.push(entry.name);
      }
    }
    let rows = 0;

    for (const child of albums.children(album.id)) {
      if (dirs.delete(child.name)) {
        stack.push(child.id);
      } else {
        albums.deleteSubtree(child);
        feed.record('DELETE', 'album', albumId(child.path), { reason: 'scan' });
        report.albumsRemoved += 1;
        rows += 1;
      }
    }
    for (const name of dirs) {
      const st = lstatSync(path.join(abs, name), { throwIfNoEntry: false });
      if (!st?.isDirectory()) continue;
      const child = albums.insert(album, name, now, null, Math.trunc(st.mtimeMs));
      this.#found.add(child.id);
      stack.push(child.id);
      report.albumsAdded += 1;
      rows += 1;
    }

    const known = new Map<string, KnownItem>();
    for (const row of this.#known.all(album.id)) known.set(row.name, row);
    rows += this.#files(album, abs, photos, 'photo', known, now, report, !found);
    rows += this.#files(album, abs, videos, 'video', known, now, report, !found);
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
   * it sees). Returns rows touched. `eventEach`: a new file gets its own CREATE event (not in an
   * album this run found, whose event covers it).
   */
  #files(album: AlbumRow, abs: string, names: string[], kind: ItemKind, known: Map<string, KnownItem>, now: number, report: StructureReport, eventEach: boolean): number {
    const feed = this.#library.changes;
    const fresh: string[] = [];
    let rows = 0;
    for (const name of names) {
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
      const st = lstatSync(path.join(abs, name), { throwIfNoEntry: false });
      if (!st?.isFile()) continue; // gone or replaced since readdir: its row goes
      known.delete(name);
      report.files += 1;
      const mtime = Math.trunc(st.mtimeMs);
      if (row.size === st.size && row.mtime === mtime) continue;
      this.#change.run(st.size, mtime, row.id);
      feed.record('UPDATE', kind, itemId(album.path, name, kind), { reason: 'scan' });
      report.changed += 1;
      rows += 1;
    }
    if (fresh.length === 0) return rows;
    // In name order, so new rows extend the (album_id, name) index at its end instead of all over it.
    fresh.sort();
    this.#insertNew.run(album.id, kind, now, JSON.stringify(fresh));
    if (eventEach) feed.recordMany('CREATE', kind, itemIds(album.path, fresh, kind), { reason: 'scan' });
    report.files += fresh.length;
    report.added += fresh.length;
    return rows + fresh.length;
  }
}
