import type { Db } from '../db/open.ts';
import { childPath } from './ids.ts';
import { NEW_UID_SQL } from './uid-sql.ts';

export interface AlbumRow {
  id: number;
  parent_id: number | null;
  name: string;
  path: string;
  depth: number;
  title: string;
  description: string;
  type: 'public' | 'private' | 'password' | null;
  password: string | null;
  sort_by: string;
  sort_direction: string;
  hits: number;
  created_at: number;
  mtime: number;
  /** 1 when comments are allowed on the album's items; 0 or null: not (migration 035). */
  allow_comment: number | null;
  /** Manual order in the parent (Album.arrangeitem); null: not arranged. */
  position: number | null;
  /** The item chosen with Cover.set (migration 020); checked when read (covers.ts). */
  cover_item_id?: number | null;
  /** The stable uid (migration 060, library/uids.ts): survives moves, renames and the trash. */
  uid: string;
}

export const ROOT_ALBUM_ID = 1;

/** Bounds of the subtree below `path` in binary path order: '/' (0x2F) sorts just before '0'. */
function below(path: string): [string, string] {
  return [`${path}/`, `${path}0`];
}

/**
 * Album rows. Paths are cached per album so a lookup by id is one index probe; moving a subtree
 * rewrites the cached paths of its albums only (cost: albums in the subtree, never items).
 * Every method is synchronous; callers group them in `db.transaction`.
 */
export class Albums {
  readonly #db: Db;
  readonly #byPath;
  readonly #byId;
  readonly #children;
  readonly #insert;
  readonly #byUid;

  constructor(db: Db) {
    this.#db = db;
    this.#byPath = db.prepare<[string], AlbumRow>('SELECT * FROM albums WHERE path = ?');
    this.#byId = db.prepare<[number], AlbumRow>('SELECT * FROM albums WHERE id = ?');
    this.#children = db.prepare<[number], AlbumRow>('SELECT * FROM albums WHERE parent_id = ? ORDER BY name');
    this.#insert = db.prepare(`INSERT INTO albums (parent_id, name, path, depth, type, created_at, mtime, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ${NEW_UID_SQL})`);
    this.#byUid = db.prepare<[string], AlbumRow>('SELECT * FROM albums WHERE uid = ?');
  }

  root(): AlbumRow {
    return this.#byId.get(ROOT_ALBUM_ID) as AlbumRow;
  }

  byPath(path: string): AlbumRow | undefined {
    return this.#byPath.get(path);
  }

  byId(id: number): AlbumRow | undefined {
    return this.#byId.get(id);
  }

  /** The album with stable uid `uid` (stored lowercase; clients may send either case). */
  byUid(uid: string): AlbumRow | undefined {
    return this.#byUid.get(uid.toLowerCase());
  }

  children(parentId: number): AlbumRow[] {
    return this.#children.all(parentId);
  }

  /** The album and every album below it, parents before children. */
  subtree(path: string): AlbumRow[] {
    if (path === '') return this.#db.prepare<[], AlbumRow>('SELECT * FROM albums ORDER BY depth, path').all();
    const [lo, hi] = below(path);
    return this.#db.prepare<[string, string, string], AlbumRow>('SELECT * FROM albums WHERE path = ? OR (path >= ? AND path < ?) ORDER BY depth, path').all(path, lo, hi);
  }

  /** Adds a child album row. `type` is for top-level albums; deeper ones inherit (NULL). */
  insert(parent: AlbumRow, name: string, now: number, type: AlbumRow['type'] = null, mtime = now): AlbumRow {
    const path = childPath(parent.path, name);
    const info = this.#insert.run(parent.id, name, path, parent.depth + 1, type, now, mtime);
    return this.#byId.get(Number(info.lastInsertRowid)) as AlbumRow;
  }

  /**
   * Re-parents `album` (with its subtree) under `parent` as `newName`: one UPDATE over the
   * subtree's album rows. Items keep their album ids and so move with them for free.
   */
  move(album: AlbumRow, parent: AlbumRow, newName: string): AlbumRow {
    const oldPath = album.path;
    const newPath = childPath(parent.path, newName);
    const delta = parent.depth + 1 - album.depth;
    const [lo, hi] = below(oldPath);
    this.#db.prepare('UPDATE albums SET path = ? || substr(path, ?), depth = depth + ? WHERE path >= ? AND path < ?').run(newPath, oldPath.length + 1, delta, lo, hi);
    // A place in the old parent's manual order (Album.arrangeitem) means nothing in another parent.
    this.#db
      .prepare('UPDATE albums SET position = CASE WHEN parent_id = @parent THEN position END, parent_id = @parent, name = @name, path = @path, depth = @depth WHERE id = @id')
      .run({ parent: parent.id, name: newName, path: newPath, depth: parent.depth + 1, id: album.id });
    return this.#byId.get(album.id) as AlbumRow;
  }

  /** Removes the album's subtree rows; items go with them (ON DELETE CASCADE). */
  deleteSubtree(album: AlbumRow): void {
    const [lo, hi] = below(album.path);
    this.#db.prepare('DELETE FROM albums WHERE path >= ? AND path < ?').run(lo, hi);
    this.#db.prepare('DELETE FROM albums WHERE id = ?').run(album.id);
  }

  update(id: number, fields: Partial<Pick<AlbumRow, 'title' | 'description' | 'type' | 'password' | 'sort_by' | 'sort_direction' | 'mtime' | 'allow_comment' | 'uid'>>): void {
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    if (keys.length === 0) return;
    // Column names come from the fixed key list of the type above, never from a client.
    const sets = keys.map((k) => `${k} = @${k}`).join(', ');
    this.#db.prepare(`UPDATE albums SET ${sets} WHERE id = @id`).run({ ...fields, id });
  }

  itemCounts(albumId: number): { photo: number; video: number } {
    const rows = this.#db.prepare<[number], { kind: string; n: number }>('SELECT kind, count(*) AS n FROM items WHERE album_id = ? GROUP BY kind').all(albumId);
    return { photo: rows.find((r) => r.kind === 'photo')?.n ?? 0, video: rows.find((r) => r.kind === 'video')?.n ?? 0 };
  }
}
