import { createHash } from 'node:crypto';
import type { User } from '../auth/users.ts';
import { abilityKeyPath, limitByToken } from '../auth/abilities.ts';
import { verifyPassword } from '../auth/password.ts';
import type { AlbumType } from '../config.ts';
import type { Db } from '../db/open.ts';
import { effectiveType, mayBrowse, typeOwner } from './access.ts';
import type { AlbumRow, Albums } from './albums.ts';

export interface Rights {
  browse: boolean;
  upload: boolean;
  manage: boolean;
}

/** One user's rights on one album as the Permission API reports them. */
export interface UserRights extends Rights {
  userId: number;
  /** Rights granted on this very album (all false when none). */
  direct: Rights;
  /** True when some right comes from a grant on an ancestor rather than on this album. */
  inherited: boolean;
}

type RightsRow = { browse: number | null; upload: number | null; manage: number | null };

function toRights(row: RightsRow | undefined): Rights {
  return { browse: row?.browse === 1, upload: row?.upload === 1, manage: row?.manage === 1 };
}

export const ALL: Rights = Object.freeze({ browse: true, upload: true, manage: true });
export const NONE: Rights = Object.freeze({ browse: false, upload: false, manage: false });

/**
 * Who may do what where (docs/protocol.md §6). Grants are per user per album and hold for every album below;
 * a user also holds what any of their groups is granted (the `user_grants` view of migration 035
 * is the one place that says so); administrators have every right. Browsing also follows the album's privacy type, which is set
 * on top- and second-level albums and inherited below them: `public` lets anyone (guests too)
 * browse, `password` lets whoever sends the album's password browse, `private` only grantees.
 */
export class AlbumRights {
  readonly #granted;
  readonly #grantedAll;
  readonly #direct;
  readonly #directOne;
  readonly #upsert;
  readonly #revoke;
  readonly #typeOwner;
  readonly #albums: Albums;
  readonly #defaultType: AlbumType;
  /** sha256(album id, password) of passwords already verified, so listings do not pay scrypt each time. */
  readonly #unlocked = new Set<string>();
  /** An ability key as the album path it names: album ids decode, uids (SPEC §17) are looked up. */
  readonly #keyPath = (key: string) => abilityKeyPath(key, (uid) => this.#albums.byUid(uid)?.path);

  constructor(db: Db, albums: Albums, defaultType: AlbumType) {
    this.#albums = albums;
    this.#defaultType = defaultType;
    // Grants on the album or any ancestor, walking parent ids (depth is small).
    this.#granted = db.prepare<[number, number], { browse: number | null; upload: number | null; manage: number | null }>(
      `WITH RECURSIVE anc(id, parent_id) AS (
         SELECT id, parent_id FROM albums WHERE id = ?
         UNION ALL SELECT a.id, a.parent_id FROM albums a JOIN anc ON a.id = anc.parent_id)
       SELECT max(browse) AS browse, max(upload) AS upload, max(manage) AS manage
       FROM user_grants WHERE user_id = ? AND album_id IN (SELECT id FROM anc)`,
    );
    this.#grantedAll = db.prepare<[number], RightsRow & { user_id: number }>(
      `WITH RECURSIVE anc(id, parent_id) AS (
         SELECT id, parent_id FROM albums WHERE id = ?
         UNION ALL SELECT a.id, a.parent_id FROM albums a JOIN anc ON a.id = anc.parent_id)
       SELECT user_id, max(browse) AS browse, max(upload) AS upload, max(manage) AS manage
       FROM user_grants WHERE album_id IN (SELECT id FROM anc) GROUP BY user_id`,
    );
    this.#direct = db.prepare<[number], RightsRow & { user_id: number }>('SELECT user_id, browse, upload, manage FROM album_rights WHERE album_id = ?');
    this.#directOne = db.prepare<[number, number], RightsRow>('SELECT browse, upload, manage FROM album_rights WHERE album_id = ? AND user_id = ?');
    this.#upsert = db.prepare<[number, number, number, number, number]>(
      `INSERT INTO album_rights (album_id, user_id, browse, upload, manage) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (album_id, user_id) DO UPDATE SET browse = excluded.browse, upload = excluded.upload, manage = excluded.manage`,
    );
    this.#revoke = db.prepare<[number, number]>('DELETE FROM album_rights WHERE album_id = ? AND user_id = ?');
    // The album and its ancestors, nearest first; which one's type applies is access.ts's rule.
    this.#typeOwner = db.prepare<[number], AlbumRow>(
      `WITH RECURSIVE anc(id, parent_id) AS (
         SELECT id, parent_id FROM albums WHERE id = ?
         UNION ALL SELECT a.id, a.parent_id FROM albums a JOIN anc ON a.id = anc.parent_id)
       SELECT albums.* FROM anc JOIN albums USING (id) ORDER BY albums.depth DESC`,
    );
  }

  /** Rights granted to `user` on `album` (inherited from ancestors); all for administrators. */
  granted(user: User | null, album: AlbumRow): Rights {
    // A share's visitor holds no grant anywhere: what they see is shares.ts's answer.
    if (!user || user.share) return NONE;
    // SPEC §17: with an app token, the user's rights intersected with the token's abilities.
    if (user.token) return limitByToken(user.token, user.token.admin ? ALL : toRights(this.#granted.get(album.id, user.id)), album.path, this.#keyPath);
    if (user.isAdmin) return ALL;
    return toRights(this.#granted.get(album.id, user.id));
  }

  /**
   * Sets the rights granted to a user on this very album; all false removes the grant. Grants
   * only add: a right granted on an ancestor still holds here whatever this grant says.
   */
  grant(album: AlbumRow, userId: number, rights: Rights): void {
    if (!rights.browse && !rights.upload && !rights.manage) this.revoke(album, userId);
    else this.#upsert.run(album.id, userId, Number(rights.browse), Number(rights.upload), Number(rights.manage));
  }

  revoke(album: AlbumRow, userId: number): void {
    this.#revoke.run(album.id, userId);
  }

  /** The rights granted on this very album to `userId` (all false when none). */
  direct(album: AlbumRow, userId: number): Rights {
    return toRights(this.#directOne.get(album.id, userId));
  }

  /**
   * Every listed user's grants on `album`: direct and inherited from ancestors. Administrators
   * are reported with every right (they have them whatever is granted).
   */
  list(album: AlbumRow, users: readonly User[]): UserRights[] {
    const effective = new Map(this.#grantedAll.all(album.id).map((r) => [r.user_id, toRights(r)]));
    const direct = new Map(this.#direct.all(album.id).map((r) => [r.user_id, toRights(r)]));
    return users.map((u) => {
      const own = direct.get(u.id) ?? NONE;
      const all = u.isAdmin ? ALL : (effective.get(u.id) ?? NONE);
      const inherited = !u.isAdmin && ((all.browse && !own.browse) || (all.upload && !own.upload) || (all.manage && !own.manage));
      return { userId: u.id, ...all, direct: { ...own }, inherited };
    });
  }

  /** The album whose privacy type applies to `album`, or undefined when the default applies. */
  typeOwner(album: AlbumRow): AlbumRow | undefined {
    return typeOwner(this.#typeOwner.all(album.id));
  }

  effectiveType(album: AlbumRow): AlbumType {
    return album.depth === 0 ? 'private' : effectiveType(album.depth, this.#typeOwner.all(album.id), this.#defaultType);
  }

  /**
   * The caller's rights on `album`, with browse widened by the privacy type. `password` is what
   * the client sent; undefined when none.
   */
  async of(user: User | null, album: AlbumRow, password?: string): Promise<Rights> {
    const granted = this.granted(user, album);
    // Nor does an album's privacy type open anything to them: a share reveals only itself.
    if (granted.browse || album.depth === 0 || user?.share) return granted;
    // A token without browse here cannot browse by the album's privacy type either.
    if (user?.token && !limitByToken(user.token, ALL, album.path, this.#keyPath).browse) return granted;
    const owner = this.typeOwner(album);
    const type = owner?.type ?? this.#defaultType;
    const browse = await mayBrowse(false, album.depth, type, () => owner !== undefined && password !== undefined && this.passwordOk(owner, password));
    return browse ? { ...granted, browse } : granted;
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
    // An administrator has every right whatever the album: spare checkauth the root's row.
    if (user.isAdmin) return ALL;
    return this.granted(user, this.#albums.root());
  }
}
