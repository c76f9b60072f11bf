import type { AlbumRow } from '../library/albums.ts';
import { albumId, baseName, childPath, itemId, parentPath } from '../library/ids.ts';
import type { ItemRow } from '../library/items.ts';
import { MOVE_ITEM } from '../library/items.ts';
import type { Library } from '../library/library.ts';
import { kindOf } from '../library/media.ts';
import { saveAlbum, saveItem } from './trash-store.ts';
import type { AlbumMeta, ItemMeta, SavedItem, TrashStore } from './trash-store.ts';
import type { Unit } from './unit.ts';

/**
 * The index half of each unit: synchronous, run inside the transaction that also deletes the
 * unit's journal row. Statements for the per-item hot path are prepared once here.
 */
export class IndexChanges {
  readonly #lib: Library;
  readonly #trash: TrashStore;
  readonly #now: () => number;
  readonly #moveItem;
  readonly #moveKnown;
  readonly #deleteItem;
  readonly #subtreeItems;
  /** Album rows by path within one batch's transaction; dropped whenever albums move or go. */
  readonly #albums = new Map<string, AlbumRow>();

  constructor(lib: Library, trash: TrashStore) {
    this.#lib = lib;
    this.#trash = trash;
    this.#now = lib.config.now;
    this.#moveItem = lib.db.prepare(`UPDATE items SET ${MOVE_ITEM} WHERE id = @id`);
    this.#moveKnown = lib.db.prepare(`UPDATE items SET ${MOVE_ITEM} WHERE id = @id AND album_id = @fromAlbum AND name = @fromName`);
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
      row = this.#lib.albums.byPath(path);
      if (row) this.#albums.set(path, row);
    }
    return row;
  }

  /** Applies the unit's index change and records it in the change feed, in the same transaction. */
  apply(u: Unit, trashed: boolean): void {
    this.#applyRows(u, trashed);
    this.#announce(u);
  }

  #announce(u: Unit): void {
    const feed = this.#lib.changes;
    const item = (rel: string) => {
      const kind = kindOf(baseName(rel)) ?? 'photo';
      return { kind, id: itemId(parentPath(rel), baseName(rel), kind) };
    };
    if (u.trash && u.kind !== 'album-move') feed.record('DELETE', item(u.dst).kind, item(u.dst).id, { reason: 'overwrite' });
    switch (u.kind) {
      case 'item-move': {
        const from = item(u.src);
        const to = item(u.dst);
        feed.record('MOVE', to.kind, to.id, { from: from.id, to: to.id });
        return;
      }
      case 'item-copy': {
        const to = item(u.dst);
        feed.record('CREATE', to.kind, to.id, { from: item(u.src).id });
        return;
      }
      case 'item-trash':
        feed.record('DELETE', item(u.src).kind, item(u.src).id);
        return;
      case 'album-move':
        feed.record('MOVE', 'album', albumId(u.dst), { from: albumId(u.src), to: albumId(u.dst) });
        return;
      case 'album-trash':
      case 'album-drop':
        feed.record('DELETE', 'album', albumId(u.src));
        return;
      case 'restore': {
        if (kindOf(baseName(u.dst))) feed.record('CREATE', item(u.dst).kind, item(u.dst).id, { restored: true });
        else feed.record('CREATE', 'album', albumId(u.dst), { restored: true });
        return;
      }
    }
  }

  #applyRows(u: Unit, trashed: boolean): void {
    const now = this.#now();
    if (u.kind !== 'item-move' && u.kind !== 'item-copy' && u.kind !== 'item-trash') this.#albums.clear();
    switch (u.kind) {
      case 'item-move':
      case 'item-copy': {
        const dstAlbum = this.ensureAlbum(parentPath(u.dst));
        const name = baseName(u.dst);
        if (u.trash) this.#trashItem(u.dst, u.trash, 'overwrite', now);
        if (u.kind === 'item-move' && u.row !== undefined) {
          const from = this.#album(parentPath(u.src));
          // The planned row id, valid only if that row is still the source (one statement instead of two).
          if (from && this.#moveKnown.run({ album: dstAlbum.id, name, id: u.row, fromAlbum: from.id, fromName: baseName(u.src) }).changes === 1) return;
        }
        const source = this.item(u.src);
        if (u.kind === 'item-move' && source) this.#moveItem.run({ album: dstAlbum.id, name, id: source.id });
        else {
          // A copy is a new item: a new uid (SPEC §17).
          const copy = this.#insertItem(dstAlbum, name, source ? { ...saveItem(source), created_at: now, uid: null } : undefined, now);
          if (copy !== undefined && source) this.#lib.extras.copy(source.id, copy);
        }
        return;
      }
      case 'item-trash':
        this.#trashItem(u.src, u.dst, 'delete', now);
        return;
      case 'album-move': {
        const album = this.#lib.albums.byPath(u.src);
        const parent = this.ensureAlbum(parentPath(u.dst));
        if (album) this.#lib.albums.move(album, parent, baseName(u.dst));
        else this.ensureAlbum(u.dst);
        return;
      }
      case 'album-trash':
      case 'album-drop': {
        const album = this.#lib.albums.byPath(u.src);
        if (!album) return;
        if (u.kind === 'album-trash' || trashed) this.#trash.add('album', u.src, u.dst, u.kind === 'album-trash' ? 'delete' : 'overwrite', now, this.albumMeta(album));
        this.#lib.albums.deleteSubtree(album);
        return;
      }
      case 'restore': {
        const entry = u.entry == null ? undefined : this.#trash.byId(u.entry);
        if (u.trash) this.#trashItem(u.dst, u.trash, 'overwrite', now);
        if (entry?.type === 'album') this.#restoreAlbum(u.dst, JSON.parse(entry.meta) as AlbumMeta, now);
        else {
          const meta = entry && (JSON.parse(entry.meta) as ItemMeta);
          const row = this.#insertItem(this.ensureAlbum(parentPath(u.dst)), baseName(u.dst), meta?.item ?? undefined, now);
          if (row !== undefined) this.#lib.extras.restore(row, meta?.extras, now);
        }
        if (entry) this.#trash.remove(entry.id);
        return;
      }
    }
  }

  /**
   * Recovery of a refused overwrite: the file that was at `rel` is in the trash as `stored`; it
   * gets its entry (its row, if any, goes with it), as a completed overwrite would have made.
   */
  keepDisplaced(rel: string, stored: string): void {
    this.#albums.clear();
    this.#trashItem(rel, stored, 'overwrite', this.#now());
    const kind = kindOf(baseName(rel)) ?? 'photo';
    this.#lib.changes.record('DELETE', kind, itemId(parentPath(rel), baseName(rel), kind), { reason: 'overwrite' });
  }

  item(rel: string): ItemRow | undefined {
    const album = this.#album(parentPath(rel));
    return album && this.#lib.items.get(album.id, baseName(rel));
  }

  /** The album row at `path`, creating rows for missing folders on the way (restore recreates parents). */
  ensureAlbum(path: string): AlbumRow {
    const found = this.#album(path);
    if (found) return found;
    const parent = this.ensureAlbum(parentPath(path));
    return this.#lib.albums.insert(parent, baseName(path), this.#now());
  }

  albumMeta(album: AlbumRow): AlbumMeta {
    const rel = (p: string) => (p === album.path ? '' : p.slice(album.path.length + 1));
    const albums = this.#lib.albums.subtree(album.path).map((a) => ({ rel: rel(a.path), album: saveAlbum(a) }));
    const items = this.#subtreeItems.all(album.path, `${album.path}/`, `${album.path}0`).map((r) => {
      const { album_path: albumPath, ...row } = r;
      return { rel: rel(albumPath), name: r.name, item: saveItem(row), extras: this.#lib.extras.save(row.id) };
    });
    return { albums, items };
  }

  #trashItem(rel: string, stored: string, reason: 'delete' | 'overwrite', now: number): void {
    // The file went to the trash even when the index did not know it yet: record it all the same.
    const row = this.item(rel);
    const kind = row?.kind ?? kindOf(baseName(rel)) ?? 'photo';
    this.#trash.add(kind, rel, stored, reason, now, { item: row ? saveItem(row) : null, extras: row ? this.#lib.extras.save(row.id) : undefined });
    if (row) this.#deleteItem.run(row.id);
  }

  /** An item row at `album/name`; without saved fields (the index had none) a bare row the scanner will fill. Answers its id. */
  #insertItem(album: AlbumRow, name: string, saved: SavedItem | undefined, now: number): number | undefined {
    const kind = kindOf(name);
    if (!kind) return undefined;
    const existing = this.#lib.items.get(album.id, name);
    if (existing) this.#deleteItem.run(existing.id);
    const base: SavedItem = saved ?? { kind, size: 0, mtime: 0, created_at: now, taken_at: 0, width: 0, height: 0, orientation: 1, lat: null, lng: null, title: '', description: '', rating: 0, exif: null };
    return this.#lib.items.insert({ ...base, kind, album_id: album.id, name }).id;
  }

  /** A restored album takes back its uid (SPEC §17) unless it was saved without one or another album holds it now. */
  #keptUid(uid: string | undefined): { uid?: string } {
    return uid && !this.#lib.albums.byUid(uid) ? { uid } : {};
  }

  #restoreAlbum(dst: string, meta: AlbumMeta, now: number): void {
    const top = this.ensureAlbum(dst);
    const byRel = new Map<string, AlbumRow>([['', top]]);
    for (const { rel, album } of meta.albums) {
      const path = rel === '' ? dst : childPath(dst, rel);
      const row = rel === '' ? top : this.ensureAlbum(path);
      this.#lib.albums.update(row.id, { title: album.title, description: album.description, type: album.type, password: album.password, sort_by: album.sort_by, sort_direction: album.sort_direction, allow_comment: album.allow_comment ?? null, ...this.#keptUid(album.uid) });
      byRel.set(rel, row);
    }
    for (const { rel, name, item, extras } of meta.items) {
      const album = byRel.get(rel) ?? this.ensureAlbum(rel === '' ? dst : childPath(dst, rel));
      const row = this.#insertItem(album, name, item, now);
      if (row !== undefined) this.#lib.extras.restore(row, extras, now);
    }
  }
}
