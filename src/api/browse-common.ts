import type { User } from '../auth/users.ts';
import type { AlbumRow } from '../library/albums.ts';
import type { AlbumType } from '../config.ts';
import type { Rights } from '../library/rights.ts';
import type { Cover } from '../library/covers.ts';
import { decodeAlbumId, decodeItemId, decoded, itemIdDecoder } from '../library/ids.ts';
import type { DecodedItemId } from '../library/ids.ts';
import { DomainError } from '../errors.ts';
import type { ItemKey, ItemRow } from '../library/items.ts';
import type { Library } from '../library/library.ts';
import type { AlbumFacts } from '../library/present.ts';
import { psId } from '../library/uids.ts';
import { yieldToLoop } from '../runtime/yield.ts';
import { Code, WebApiError } from '../codes.ts';

/** Ids decoded, or looked up, between two turns of the event loop (~5 ms of work each). */
const SLICE = 1000;

/**
 * The album an id names. A malformed id is `bad-input`, one naming nothing `not-found`: both are
 * the calling method's bad-parameter code (101, 456, ...; src/api/reasons.ts).
 */
export function albumFor(library: Library, id: string): AlbumRow {
  const album = library.albums.byPath(decoded('Bad album id', () => decodeAlbumId(psId(library, id))));
  if (!album) throw new DomainError('not-found', 'No such album');
  return album;
}

export function itemFor(library: Library, id: string): { item: ItemRow; album: AlbumRow } {
  const ref = decoded('Bad item id', () => decodeItemId(psId(library, id)));
  const album = library.albums.byPath(ref.albumPath);
  const item = album && library.items.get(album.id, ref.name);
  if (!album || !item || item.kind !== ref.kind) throw new DomainError('not-found', 'No such item');
  return { item, album };
}

/**
 * `itemFor` for many ids at once (PhotoTag over 10 000 photos): one lookup per album instead of
 * two statements per id, the event loop free between slices of ids. Same answers, same errors;
 * each item with its id as the server writes it (for the change feed).
 */
export async function itemsFor(library: Library, ids: readonly string[]): Promise<{ item: ItemKey; album: AlbumRow; id: string }[]> {
  const decode = itemIdDecoder();
  const refs: DecodedItemId[] = [];
  for (let i = 0; i < ids.length; i++) {
    if (i % SLICE === SLICE - 1) await yieldToLoop();
    refs.push(decoded('Bad item id', () => decode(psId(library, ids[i] as string))));
  }
  const byAlbum = new Map<string, DecodedItemId[]>();
  for (const ref of refs) {
    const list = byAlbum.get(ref.albumPath);
    if (list) list.push(ref);
    else byAlbum.set(ref.albumPath, [ref]);
  }
  const found = new Map<string, Map<string, ItemKey>>();
  const albums = new Map<string, AlbumRow>();
  for (const [albumPath, list] of byAlbum) {
    const album = library.albums.byPath(albumPath);
    if (!album) throw new DomainError('not-found', 'No such item');
    albums.set(albumPath, album);
    const rows = new Map<string, ItemKey>();
    for (let i = 0; i < list.length; i += SLICE) {
      if (i > 0) await yieldToLoop();
      for (const row of library.items.named(
        album.id,
        list.slice(i, i + SLICE).map((r) => r.name),
      ))
        rows.set(row.name, row);
    }
    found.set(albumPath, rows);
  }
  const answer: { item: ItemKey; album: AlbumRow; id: string }[] = [];
  for (let i = 0; i < refs.length; i++) {
    if (i % SLICE === SLICE - 1) await yieldToLoop();
    const ref = refs[i] as DecodedItemId;
    const item = found.get(ref.albumPath)?.get(ref.name);
    if (!item || item.kind !== ref.kind) throw new DomainError('not-found', 'No such item');
    answer.push({ item, album: albums.get(ref.albumPath) as AlbumRow, id: ref.id });
  }
  return answer;
}

/**
 * Refuses browsing `album` unless the caller may: 416 for a password album opened without the
 * right password, else 417. The root is always listable (its sub-albums are filtered instead).
 */
export async function requireBrowse(library: Library, user: User | null, album: AlbumRow, password: string | undefined): Promise<void> {
  if (album.depth === 0) return;
  const rights = await library.rights.of(user, album, password);
  if (rights.browse) return;
  if (library.visibility.effectiveType(album.id) === 'password') throw new WebApiError(Code.AlbumPasswordError, 'Wrong or missing album password');
  throw new WebApiError(Code.AlbumNoAccessRight, 'No browse right on the album');
}

/** Facts albumJson needs, looked up only when an `additional` value asks for them. */
export function albumFacts(library: Library, user: User | null, album: AlbumRow, browse?: boolean): AlbumFacts {
  return new LazyAlbumFacts(library, user, album, browse);
}

/**
 * A class rather than an object of closures: one is made per album of a listing, and under tsx
 * each named closure made at run time is named by an `Object.defineProperty` (about 1 µs).
 */
export class LazyAlbumFacts implements AlbumFacts {
  readonly type: AlbumType;
  protected readonly library: Library;
  protected readonly user: User | null;
  protected readonly album: AlbumRow;
  readonly #browse: boolean | undefined;
  #cover: { found: Cover | undefined } | undefined;

  constructor(library: Library, user: User | null, album: AlbumRow, browse?: boolean) {
    this.library = library;
    this.user = user;
    this.album = album;
    this.#browse = browse;
    this.type = library.visibility.effectiveType(album.id);
  }

  rights(): Rights {
    const { library, user, album } = this;
    const granted = library.rights.granted(user, album);
    return { ...granted, browse: this.#browse ?? (granted.browse || library.visibility.canBrowse(user, album.id)) };
  }

  counts(): { photo: number; video: number } {
    return this.library.listings.counts(this.album.id);
  }

  /** Asked twice per album (thumbnail_status, thumb_size): looked up once. */
  cover(): Cover | undefined {
    const { library, user } = this;
    return (this.#cover ??= { found: library.covers.of(this.album, (id) => library.visibility.canBrowse(user, id)) }).found;
  }
}

/** Sub-albums a caller sees in a listing: those they may browse, plus password albums to unlock. */
export function visibleChildren(library: Library, user: User | null, children: AlbumRow[]): AlbumRow[] {
  if (user?.isAdmin) return children;
  return children.filter((c) => library.visibility.canBrowse(user, c.id) || library.visibility.effectiveType(c.id) === 'password');
}
