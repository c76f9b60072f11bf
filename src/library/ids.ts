import { isHiddenName, kindOf } from './media.ts';
import type { ItemKind } from './media.ts';
import { DomainError } from '../errors.ts';

/**
 * IDs (docs/protocol.md §4) are hex of UTF-8 paths relative to the photo root:
 * `album_<hex path>` and `photo_<hex album path>_<hex name>` (`video_` for videos; `2f` for the
 * root album). Decoding is the gate every path from a client passes: a decoded path has only
 * plain, visible, non-empty segments, so it can never name anything outside the photo root.
 */

export class IdError extends Error {}

/**
 * Runs a decode or a check of a client's id, path or name: an IdError becomes a DomainError
 * `bad-input` (`what: why`), which each API maps to its own bad-parameter code. The one place
 * that turns a malformed id into a refusal.
 */
export function decoded<T>(what: string, decode: () => T): T {
  try {
    return decode();
  } catch (err) {
    if (err instanceof IdError) throw new DomainError('bad-input', `${what}: ${err.message}`);
    throw err;
  }
}

const MAX_NAME_BYTES = 255;
/** Longest relative path an id may carry, in UTF-8 bytes. */
export const MAX_PATH_BYTES = 4096;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;
// A leading byte-order mark is part of the name it starts (the default would drop it and name
// another file).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const BYTE_HEX = Array.from({ length: 128 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * Hex of the UTF-8 bytes of `s`. Names are mostly ASCII, whose bytes are their char codes: a
 * table lookup per character is about three times faster than a Buffer round trip, and a move
 * of 5 000 photos encodes some 20 000 ids.
 */
function hex(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) return Buffer.from(s, 'utf8').toString('hex');
    out += BYTE_HEX[c] as string;
  }
  return out;
}

/** Album parts of recent item ids: the items of a bulk operation share a few albums. */
const albumHexes = new Map<string, string>();

function albumPart(albumPath: string): string {
  let h = albumHexes.get(albumPath);
  if (h === undefined) {
    if (albumHexes.size >= 256) albumHexes.clear();
    h = albumPath === '' ? '2f' : hex(albumPath);
    albumHexes.set(albumPath, h);
  }
  return h;
}

function unhex(h: string, what: string): string {
  if (!HEX.test(h)) throw new IdError(`Expected ${what} to be non-empty even-length hex, got \`${h.slice(0, 40)}\``);
  try {
    return utf8.decode(Buffer.from(h, 'hex'));
  } catch {
    throw new IdError(`Expected ${what} to be UTF-8`);
  }
}

/** Throws unless `name` is one plain, visible path segment. */
export function checkName(name: string): void {
  if (name === '') throw new IdError('Expected a non-empty name');
  if (name === '.' || name === '..') throw new IdError(`Expected a name, got \`${name}\``);
  if (name.includes('/') || name.includes('\\') || name.includes('\0')) throw new IdError('Expected a name without /, \\ or NUL');
  if (isHiddenName(name)) throw new IdError(`Expected a visible name, got \`${name}\``);
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) throw new IdError(`Expected a name of at most ${MAX_NAME_BYTES} bytes`);
}

/** Throws unless `path` is '' (the root) or plain segments joined by single slashes. */
export function checkAlbumPath(path: string): void {
  if (path === '') return;
  if (Buffer.byteLength(path, 'utf8') > MAX_PATH_BYTES) throw new IdError(`Expected a path of at most ${MAX_PATH_BYTES} bytes`);
  for (const segment of path.split('/')) checkName(segment);
}

export function albumId(path: string): string {
  return path === '' ? '' : `album_${hex(path)}`;
}

export function itemId(albumPath: string, name: string, kind: ItemKind): string {
  return `${kind}_${albumPart(albumPath)}_${hex(name)}`;
}

/** itemId of each of `names` (all of one kind, in one album), encoding the album path once. */
export function itemIds(albumPath: string, names: readonly string[], kind: ItemKind): string[] {
  const prefix = `${kind}_${albumPart(albumPath)}_`;
  return names.map((name) => prefix + hex(name));
}

/** The album path an id names; the empty id is the root. */
export function decodeAlbumId(id: string): string {
  if (id === '') return '';
  if (!id.startsWith('album_')) throw new IdError('Expected an album id');
  const path = unhex(id.slice(6), 'the album id');
  checkAlbumPath(path);
  return path;
}

export interface ItemRef {
  albumPath: string;
  name: string;
  kind: ItemKind;
}

const ITEM_ID = /^(photo|video)_([0-9a-fA-F]+)_([0-9a-fA-F]+)$/;

function itemIdParts(id: string): RegExpExecArray {
  const m = ITEM_ID.exec(id);
  if (!m) throw new IdError('Expected an item id `photo_<hex>_<hex>` or `video_<hex>_<hex>`');
  return m;
}

/** The album path of an item id's album part (`2f` is the root). */
function itemAlbumPath(albumHex: string): string {
  const raw = unhex(albumHex, 'the album part');
  const albumPath = raw === '/' ? '' : raw;
  checkAlbumPath(albumPath);
  if (albumPath === '' && raw !== '/') throw new IdError('Expected the album part of a root item to be 2f');
  return albumPath;
}

/** The name part of an item id, checked against its kind. */
function itemName(m: RegExpExecArray): string {
  const name = unhex(m[3] as string, 'the name part');
  checkName(name);
  if (kindOf(name) !== m[1]) throw new IdError(`Expected a ${m[1]} file name, got \`${name}\``);
  return name;
}

export function decodeItemId(id: string): ItemRef {
  const m = itemIdParts(id);
  const albumPath = itemAlbumPath(m[2] as string);
  return { albumPath, name: itemName(m), kind: m[1] as ItemKind };
}

/** An item id decoded, with the id as the server writes it (lower-case hex: `itemId` of the ref). */
export interface DecodedItemId extends ItemRef {
  id: string;
}

/**
 * `decodeItemId` for a long list (PhotoTag over 10 000 photos): the ids of one album share its
 * part, decoded and checked once. Same answers, same errors.
 */
export function itemIdDecoder(): (id: string) => DecodedItemId {
  const albums = new Map<string, string>();
  return (id) => {
    const m = itemIdParts(id);
    const albumHex = m[2] as string;
    let albumPath = albums.get(albumHex);
    if (albumPath === undefined) {
      albumPath = itemAlbumPath(albumHex);
      albums.set(albumHex, albumPath);
    }
    // Hex decoding is exact both ways (fatal, BOM kept), so the canonical id is the client's in lower case.
    return { albumPath, name: itemName(m), kind: m[1] as ItemKind, id: id.toLowerCase() };
  };
}

const UID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether `id` has the shape of a stable uid (SPEC §17, a UUID). It never collides with a path
 * id, which always starts with `album_`, `photo_` or `video_`. Uids are resolved to path ids
 * against the index, once, where a request enters (library/uids.ts `psId`).
 */
export function isUid(id: string): boolean {
  return id.length === 36 && UID.test(id);
}

export function isAlbumId(id: string): boolean {
  return id.startsWith('album_');
}

export function isItemId(id: string): boolean {
  return id.startsWith('photo_') || id.startsWith('video_');
}

/** Joins an album path and a child name. */
export function childPath(albumPath: string, name: string): string {
  return albumPath === '' ? name : `${albumPath}/${name}`;
}

export function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** True when `path` is `ancestor` or lies below it. */
export function isWithin(path: string, ancestor: string): boolean {
  return ancestor === '' || path === ancestor || path.startsWith(`${ancestor}/`);
}
