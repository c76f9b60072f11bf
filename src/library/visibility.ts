import { createHash } from 'node:crypto';
import { abilityKeyPath, limitByToken } from '../auth/abilities.ts';
import type { TokenLimit, User } from '../auth/users.ts';
import type { AlbumType } from '../config.ts';
import type { Db } from '../db/open.ts';
import { effectiveType, mayBrowse } from './access.ts';
import type { Generation } from './generation.ts';
import { GenerationCache } from './generation.ts';
import { ALL } from './rights.ts';

const NOTHING: ReadonlyMap<number, boolean> = new Map();

interface Node {
  id: number;
  parent_id: number | null;
  path: string;
  depth: number;
  type: AlbumType | null;
}

/**
 * The albums a caller may browse, as a query binds them: the ids, their JSON text, and a short
 * key naming the set (a hash of that text) for the caches of what is built from the query.
 */
export interface AlbumScope {
  ids: readonly number[];
  json: string;
  key: string;
}

interface Grant {
  album_id: number;
  browse: number;
}

/**
 * Rights of docs/protocol.md §6 answered for many albums at once (listings, Photo.list across the library),
 * from one read of the album tree and of the user's grants per index generation, where
 * AlbumRights answers one album with a query. Same rules as AlbumRights.of without a password:
 * grants inherit downwards; the privacy type is the nearest one set on a level-1 or level-2
 * album, else the configured default; the root is never browsable by type.
 */
export class Visibility {
  readonly #nodes: GenerationCache<Map<number, Node>>;
  readonly #browse: GenerationCache<Map<number, boolean>>;
  readonly #allNodes;
  readonly #grants;
  readonly #defaultType: AlbumType;
  /** Each browsable map's scope; a map is rebuilt when the index changes, and its scope with it. */
  readonly #scopes = new WeakMap<ReadonlyMap<number, boolean>, AlbumScope>();

  constructor(db: Db, generation: Generation, defaultType: AlbumType) {
    this.#nodes = new GenerationCache(generation, 1);
    this.#browse = new GenerationCache(generation, 64);
    this.#allNodes = db.prepare<[], Node>('SELECT id, parent_id, path, depth, type FROM albums');
    this.#grants = db.prepare<[number], Grant>('SELECT album_id, browse FROM user_grants WHERE user_id = ?');
    this.#defaultType = defaultType;
  }

  #tree(): Map<number, Node> {
    return this.#nodes.get('tree', () => new Map(this.#allNodes.all().map((n) => [n.id, n])));
  }

  /** The album and its ancestors, nearest first. */
  *#chain(albumId: number): Generator<Node> {
    const tree = this.#tree();
    for (let node = tree.get(albumId); node; node = node.parent_id === null ? undefined : tree.get(node.parent_id)) yield node;
  }

  effectiveType(albumId: number): AlbumType {
    const node = this.#tree().get(albumId);
    if (!node) return 'private';
    return effectiveType(node.depth, this.#chain(albumId), this.#defaultType);
  }

  /** Browse without a password: granted (here or above), or public. False for unknown albums. */
  canBrowse(user: User | null, albumId: number): boolean {
    if (user?.isAdmin) return this.#tree().has(albumId);
    return this.#browsableFor(user).get(albumId) ?? false;
  }

  #browsableFor(user: User | null): ReadonlyMap<number, boolean> {
    // A share's visitor browses no album as such (shares.ts answers for their items).
    if (user?.share) return NOTHING;
    return user?.token ? this.#tokenBrowsable(user, user.token) : this.#browsable(user);
  }

  /** SPEC §17: what the user may browse, where the app token the call came with lets them browse. */
  #tokenBrowsable(user: User, token: TokenLimit): Map<number, boolean> {
    return this.#browse.get(`t${user.id}:${JSON.stringify(token.abilities)}`, () => {
      const own = token.admin ? undefined : this.#browsable({ ...user, token: undefined });
      const out = new Map<number, boolean>();
      for (const node of this.#tree().values()) {
        const mine = own ? (own.get(node.id) ?? false) : true;
        out.set(node.id, mine && limitByToken(token, ALL, node.path, abilityKeyPath).browse);
      }
      return out;
    });
  }

  #browsable(user: User | null): Map<number, boolean> {
    return this.#browse.get(user ? `u${user.id}` : 'guest', () => {
      const tree = this.#tree();
      const granted = new Set(
        user
          ? this.#grants
              .all(user.id)
              .filter((g) => g.browse === 1)
              .map((g) => g.album_id)
          : [],
      );
      const out = new Map<number, boolean>();
      const grantedHereOrAbove = (id: number): boolean => {
        for (const node of this.#chain(id)) if (granted.has(node.id)) return true;
        return false;
      };
      // No password here: a password album counts as not browsable (listings show it locked).
      for (const node of tree.values()) out.set(node.id, mayBrowse(grantedHereOrAbove(node.id), node.depth, this.effectiveType(node.id), () => false) === true);
      return out;
    });
  }

  /** Every album whose items the caller may see, or 'all' for administrators. */
  browsableIds(user: User | null): readonly number[] | 'all' {
    const scope = this.browsableScope(user);
    return scope === 'all' ? scope : scope.ids;
  }

  /**
   * browsableIds with its JSON and key, made once per caller and index generation. Made per
   * request, as it was, the list, its JSON and a query key holding that JSON cost a request
   * about 1.5 ms at 10 000 albums (a million photos: docs/performance.md, "A million photos"),
   * growing with the albums, not with the page asked for.
   */
  browsableScope(user: User | null): AlbumScope | 'all' {
    if (user?.isAdmin) return 'all';
    const map = this.#browsableFor(user);
    let scope = this.#scopes.get(map);
    if (!scope) {
      const ids = [...map].filter(([, ok]) => ok).map(([id]) => id);
      const json = JSON.stringify(ids);
      scope = { ids, json, key: createHash('sha256').update(json).digest('base64url') };
      this.#scopes.set(map, scope);
    }
    return scope;
  }
}
