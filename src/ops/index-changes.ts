import type { AlbumRow } from '../library/albums.ts';
import { baseName, childPath, itemId, parentPath } from '../library/ids.ts';
import type { ItemRow } from '../library/items.ts';
import { MOVE_ITEM } from '../library/items.ts';
import type { Library } from '../library/library.ts';
import { kindOf } from '../library/media.ts';
import { saveAlbum, saveItem } from './trash-store.ts';
import type { AlbumMeta, SavedItem, TrashStore } from './trash-store.ts';
import type { Unit } from './unit.ts';
import { UNITS } from './units/index.ts';
import { itemAt } from './units/support.ts';

/**
 * The index half of each unit: synchronous, run inside the transaction that also deletes the
 * unit's journal row. What each kind changes is declared in ops/units/<kind>.ts; the helpers
 * they share live here, with the statements for the per-item hot path prepared once.
 */
export class IndexChanges {
  readonly lib: Library;
  readonly trash: TrashStore;
  readonly #now: () => number;
  readonly #moveItem;
  readonly #moveKnown;
  readonly #deleteItem;
  readonly #subtreeItems;
  /** Album rows by path within one batch's transaction; dropped whenever albums move or go. */
  readonly #albums = new Map<string, AlbumRow>();

  constructor(lib: Library, trash: TrashStore) {
    this.lib = lib;
    this.trash = trash;
    this.#now = lib.config.now;
    this.#moveItem = lib.db.prepare<[number, number, string, number]>(`UPDATE items SET ${MOVE_ITEM} WHERE id = ?`);
    this.#moveKnown = lib.db.prepare<[number, number, string, number, number, string]>(`UPDATE items SET ${MOVE_ITEM} WHERE id = ? AND album_id = ? AND name = ?`);
    this.#deleteItem = lib.db.prepare('DELETE FROM items WHERE id = ?');
    this.#subtreeItems = lib.db.prepare<[string, string, string], ItemRow & { album_path: string }>(
      `SELECT items.*, albums.path AS album_path FROM items JOIN albums ON albums.id = items.album_id
       WHERE albums.path = ? OR (albums.path >= ? AND albums.path < ?)`,
    );
  }

  /** Called before each batch's transaction: album rows may have changed since. */
  forgetAlbums(): void {
    this.#albums.clear();
  }

  #album(path: string): AlbumRow | undefined {
    let row = this.#albums.get(path);
    if (!row) {
      row = this.lib.albums.byPath(path);
      if (row) this.#albums.set(path, row);
    }
    return row;
  }

  /** A restored album takes back its uid (SPEC §17) unless it was saved without one or another album holds it now. */
  #keptUid(uid: string | undefined): { uid?: string } {
    return uid && !this.lib.albums.byUid(uid) ? { uid } : {};
  }

  /** Applies the unit's index change and records it in the change feed, in the same transaction. */
  apply(u: Unit, trashed: boolean): void {
    const spec = UNITS[u.kind];
    if (spec.changesAlbums) this.#albums.clear();
    spec.index(this, u, trashed, this.#now());
    // A unit that displaced a file (an overwrite) announces its deletion first.
    if (u.trash) {
      const old = itemAt(u.dst);
      this.lib.changes.record('DELETE', old.kind, old.id, { reason: 'overwrite' });
    }
    spec.announce(this.lib.changes, u);
  }

  /** Moves the row planned for `u.src` (its id known), if that row is still the source: one statement instead of two. */
  moveKnown(row: number, src: string, dstAlbum: AlbumRow, name: string): boolean {
    const from = this.#album(parentPath(src));
    return from !== undefined && this.#moveKnown.run(dstAlbum.id, dstAlbum.id, name, row, from.id, baseName(src)).changes === 1;
  }

  moveItem(id: number, dstAlbum: AlbumRow, name: string): void {
    this.#moveItem.run(dstAlbum.id, dstAlbum.id, name, id);
  }

  /**
   * Recovery of a refused overwrite: the file that was at `rel` is in the trash as `stored`; it
   * gets its entry (its row, if any, goes with it), as a completed overwrite would have made.
   */
  keepDisplaced(rel: string, stored: string): void {
    this.#albums.clear();
    this.trashItem(rel, stored, 'overwrite', this.#now());
    const kind = kindOf(baseName(rel)) ?? 'photo';
    this.lib.changes.record('DELETE', kind, itemId(parentPath(rel), baseName(rel), kind), { reason: 'overwrite' });
  }

  item(rel: string): ItemRow | undefined {
    const album = this.#album(parentPath(rel));
    return album && this.lib.items.get(album.id, baseName(rel));
  }

  /** The album row at `path`, creating rows for missing folders on the way (restore recreates parents). */
  ensureAlbum(path: string): AlbumRow {
    const found = this.#album(path);
    if (found) return found;
    const parent = this.ensureAlbum(parentPath(path));
    return this.lib.albums.insert(parent, baseName(path), this.#now());
  }

  albumMeta(album: AlbumRow): AlbumMeta {
    const rel = (p: string) => (p === album.path ? '' : p.slice(album.path.length + 1));
    const albums = this.lib.albums.subtree(album.path).map((a) => ({ rel: rel(a.path), album: saveAlbum(a) }));
    const items = this.#subtreeItems.all(album.path, `${album.path}/`, `${album.path}0`).map((r) => {
      const { album_path: albumPath, ...row } = r;
      return { rel: rel(albumPath), name: r.name, item: saveItem(row), extras: this.lib.extras.save(row.id) };
    });
    return { albums, items };
  }

  /** The item at `rel` went to the trash as `stored`: its entry, with its row and extras saved; its row goes. */
  trashItem(rel: string, stored: string, reason: 'delete' | 'overwrite', now: number): void {
    // The file went to the trash even when the index did not know it yet: record it all the same.
    const row = this.item(rel);
    const kind = row?.kind ?? kindOf(baseName(rel)) ?? 'photo';
    this.trash.add(kind, rel, stored, reason, now, { item: row ? saveItem(row) : null, extras: row ? this.lib.extras.save(row.id) : undefined });
    if (row) this.#deleteItem.run(row.id);
  }

  /** An item row at `album/name`; without saved fields (the index had none) a bare row the scanner will fill. Answers its id. */
  insertItem(album: AlbumRow, name: string, saved: SavedItem | undefined, now: number): number | undefined {
    const kind = kindOf(name);
    if (!kind) return undefined;
    const existing = this.lib.items.get(album.id, name);
    if (existing) this.#deleteItem.run(existing.id);
    const base: SavedItem = saved ?? {
      kind,
      size: 0,
      mtime: 0,
      created_at: now,
      taken_at: 0,
      width: 0,
      height: 0,
      orientation: 1,
      lat: null,
      lng: null,
      title: '',
      description: '',
      rating: 0,
      exif: null,
    };
    return this.lib.items.insert({ ...base, kind, album_id: album.id, name }).id;
  }

  /** A restored album: its rows as saved in the trash entry, under `dst`. */
  restoreAlbum(dst: string, meta: AlbumMeta, now: number): void {
    const top = this.ensureAlbum(dst);
    const byRel = new Map<string, AlbumRow>([['', top]]);
    for (const { rel, album } of meta.albums) {
      const path = rel === '' ? dst : childPath(dst, rel);
      const row = rel === '' ? top : this.ensureAlbum(path);
      this.lib.albums.update(row.id, {
        title: album.title,
        description: album.description,
        type: album.type,
        password: album.password,
        sort_by: album.sort_by,
        sort_direction: album.sort_direction,
        allow_comment: album.allow_comment ?? null,
        ...this.#keptUid(album.uid),
      });
      byRel.set(rel, row);
    }
    for (const { rel, name, item, extras } of meta.items) {
      const album = byRel.get(rel) ?? this.ensureAlbum(rel === '' ? dst : childPath(dst, rel));
      const row = this.insertItem(album, name, item, now);
      if (row !== undefined) this.lib.extras.restore(row, extras, now);
    }
  }
}
