import { lstatSync, readdirSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import type { Library } from './library.ts';
import type { AlbumRow } from './albums.ts';
import { checkWaySync, UnsafePathError } from './disk.ts';
import { albumId, checkName, itemId, MAX_PATH_BYTES } from './ids.ts';
import { kindOf } from './media.ts';
import type { ItemKind } from './media.ts';
import { wallClockOfMtime } from './metadata.ts';

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

/** Rows written per transaction, and the longest a batch may hold the event loop. */
const BATCH_ROWS = 2000;
const BATCH_MS = 25;
/**
 * New item rows per INSERT statement: one statement of 50 rows costs about as much to run as
 * one of a single row, so the first scan of a library spends its time in SQLite, not in calls.
 */
const ROWS_PER_INSERT = 50;
const INSERT_COLUMNS = '(album_id, name, kind, size, mtime, created_at, taken_at, meta_pending)';
const INSERT_VALUES = '(?, ?, ?, ?, ?, ?, ?, ?)';

interface KnownItem {
  id: number;
  name: string;
  size: number;
  mtime: number;
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

function linkOnTheWay(root: string, rel: string): boolean {
  try {
    checkWaySync(root, rel);
    return false;
  } catch (err) {
    if (err instanceof UnsafePathError) return true;
    throw err;
  }
}

/**
 * The structural pass of a scan: makes album and item rows match the folders and files under
 * the photo root, by name, size and mtime, without opening a file. Each folder is read and
 * reconciled synchronously, so no request sees it half-done; folders are grouped into
 * transactions of about BATCH_ROWS rows, and the event loop gets a turn between them.
 * Symlinks are never followed: a Dirent that is a link is neither a folder nor a file here.
 * New and changed photos are marked `meta_pending` for the metadata pass.
 */
export class StructurePass {
  readonly #library: Library;
  readonly #known;
  readonly #insertOne;
  readonly #insertMany;
  readonly #change;
  readonly #delete;

  constructor(library: Library) {
    this.#library = library;
    const { db } = library;
    this.#known = db.prepare<[number], KnownItem>('SELECT id, name, size, mtime FROM items WHERE album_id = ?');
    this.#insertOne = db.prepare(`INSERT OR IGNORE INTO items ${INSERT_COLUMNS} VALUES ${INSERT_VALUES}`);
    this.#insertMany = db.prepare(`INSERT OR IGNORE INTO items ${INSERT_COLUMNS} VALUES ${Array(ROWS_PER_INSERT).fill(INSERT_VALUES).join(', ')}`);
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
    report.ms = performance.now() - started;
    return report;
  }

  /** Makes one album's direct children match its folder; queues its sub-albums. Returns rows touched. */
  #reconcile(album: AlbumRow, stack: number[], report: StructureReport): number {
    const { albums, disk, config } = this.#library;
    // What the scan finds changed on disk reaches Sync clients like any other change.
    const feed = this.#library.changes;
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
    const files: { name: string; kind: ItemKind }[] = [];
    for (const entry of entries) {
      if (!usable(parentBytes, entry.name)) continue;
      if (entry.isDirectory()) dirs.add(entry.name);
      else if (entry.isFile()) {
        const kind = kindOf(entry.name);
        if (kind) files.push({ name: entry.name, kind });
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
      feed.record('CREATE', 'album', albumId(child.path), { reason: 'scan' });
      stack.push(child.id);
      report.albumsAdded += 1;
      rows += 1;
    }

    const known = new Map<string, KnownItem>();
    for (const row of this.#known.all(album.id)) known.set(row.name, row);
    // In name order, so new rows extend the (album_id, name) index at its end instead of all over it.
    files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const fresh: unknown[] = [];
    const created: { name: string; kind: ItemKind }[] = [];
    for (const file of files) {
      const st = lstatSync(path.join(abs, file.name), { throwIfNoEntry: false });
      if (!st?.isFile()) continue;
      report.files += 1;
      const mtime = Math.trunc(st.mtimeMs);
      const row = known.get(file.name);
      if (row) {
        known.delete(file.name);
        if (row.size === st.size && row.mtime === mtime) continue;
        this.#change.run(st.size, mtime, row.id);
        feed.record('UPDATE', file.kind, itemId(album.path, file.name, file.kind), { reason: 'scan' });
        report.changed += 1;
      } else {
        // Videos carry nothing the metadata pass reads: they are complete now.
        fresh.push(album.id, file.name, file.kind, st.size, mtime, now, wallClockOfMtime(mtime), file.kind === 'photo' ? 1 : 0);
        created.push(file);
        report.added += 1;
      }
      rows += 1;
    }
    this.#insertRows(fresh);
    for (const file of created) feed.record('CREATE', file.kind, itemId(album.path, file.name, file.kind), { reason: 'scan' });
    for (const row of known.values()) {
      this.#delete.run(row.id);
      const kind = kindOf(row.name) ?? 'photo';
      feed.record('DELETE', kind, itemId(album.path, row.name, kind), { reason: 'scan' });
      report.removed += 1;
      rows += 1;
    }
    return rows + 1;
  }

  /** Inserts item rows given as one flat list of INSERT_COLUMNS values, ROWS_PER_INSERT at a time. */
  #insertRows(values: unknown[]): void {
    const width = 8;
    const chunk = ROWS_PER_INSERT * width;
    let i = 0;
    for (; i + chunk <= values.length; i += chunk) this.#insertMany.run(values.slice(i, i + chunk));
    for (; i < values.length; i += width) this.#insertOne.run(values.slice(i, i + width));
  }
}
