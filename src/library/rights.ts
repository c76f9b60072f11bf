import { createHash } from 'node:crypto';
import type { User } from '../auth/users.ts';
import { verifyPassword } from '../auth/password.ts';
import type { AlbumType } from '../config.ts';
import type { Db } from '../db/open.ts';
import type { AlbumRow, Albums } from './albums.ts';

export interface Rights {
  browse: boolean;
  upload: boolean;
  manage: boolean;
}

export const ALL: Rights = Object.freeze({ browse: true, upload: true, manage: true });
export const NONE: Rights = Object.freeze({ browse: false, upload: false, manage: false });

/**
 * Who may do what where (SPEC §5). Grants are per user per album and hold for every album below;
 * administrators have every right. Browsing also follows the album's privacy type, which is set
 * on top- and second-level albums and inherited below them: `public` lets anyone (guests too)
 * browse, `password` lets whoever sends the album's password browse, `private` only grantees.
 */
export class AlbumRights {
  readonly #granted;
  readonly #typeOwner;
  readonly #albums: Albums;
  readonly #defaultType: AlbumType;
  /** sha256(album id, password) of passwords already verified, so listings do not pay scrypt each time. */
  readonly #unlocked = new Set<string>();

  constructor(db: Db, albums: Albums, defaultType: AlbumType) {
    this.#albums = albums;
    this.#defaultType = defaultType;
    // Grants on the album or any ancestor, walking parent ids (depth is small).
    this.#granted = db.prepare<[number, number], { browse: number | null; upload: number | null; manage: number | null }>(
      `WITH RECURSIVE anc(id, parent_id) AS (
         SELECT id, parent_id FROM albums WHERE id = ?
         UNION ALL SELECT a.id, a.parent_id FROM albums a JOIN anc ON a.id = anc.parent_id)
       SELECT max(browse) AS browse, max(upload) AS upload, max(manage) AS manage
       FROM album_rights WHERE user_id = ? AND album_id IN (SELECT id FROM anc)`,
    );
    this.#typeOwner = db.prepare<[number], AlbumRow>(
      `WITH RECURSIVE anc(id, parent_id, depth, type) AS (
         SELECT id, parent_id, depth, type FROM albums WHERE id = ?
         UNION ALL SELECT a.id, a.parent_id, a.depth, a.type FROM albums a JOIN anc ON a.id = anc.parent_id)
       SELECT albums.* FROM anc JOIN albums USING (id)
       WHERE anc.depth BETWEEN 1 AND 2 AND anc.type IS NOT NULL ORDER BY anc.depth DESC LIMIT 1`,
    );
  }

  /** Rights granted to `user` on `album` (inherited from ancestors); all for administrators. */
  granted(user: User | null, album: AlbumRow): Rights {
    if (!user) return NONE;
    if (user.isAdmin) return ALL;
    const row = this.#granted.get(album.id, user.id);
    return { browse: row?.browse === 1, upload: row?.upload === 1, manage: row?.manage === 1 };
  }

  /** The album whose privacy type applies to `album`, or undefined when the default applies. */
  typeOwner(album: AlbumRow): AlbumRow | undefined {
    return this.#typeOwner.get(album.id);
  }

  effectiveType(album: AlbumRow): AlbumType {
    if (album.depth === 0) return 'private';
    return this.typeOwner(album)?.type ?? this.#defaultType;
  }

  /**
   * The caller's rights on `album`, with browse widened by the privacy type. `password` is what
   * the client sent; undefined when none.
   */
  async of(user: User | null, album: AlbumRow, password?: string): Promise<Rights> {
    const granted = this.granted(user, album);
    if (granted.browse || album.depth === 0) return granted;
    const owner = this.typeOwner(album);
    const type = owner?.type ?? this.#defaultType;
    if (type === 'public') return { ...granted, browse: true };
    if (type === 'password' && owner && password !== undefined && (await this.passwordOk(owner, password))) return { ...granted, browse: true };
    return granted;
  }

  /** True when `password` opens the password album `owner`. */
  async passwordOk(owner: AlbumRow, password: string): Promise<boolean> {
    if (!owner.password) return false;
    const key = createHash('sha256').update(`${owner.id}\0${owner.password}\0${password}`).digest('hex');
    if (this.#unlocked.has(key)) return true;
    const ok = await verifyPassword(password, owner.password);
    if (ok) this.#unlocked.add(key);
    return ok;
  }

  /** Rights on the root album, as login answers them. */
  rootPermission(user: User): Rights {
    return this.granted(user, this.#albums.root());
  }
}
