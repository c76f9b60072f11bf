import type { Library } from '../library/library.ts';
import { IdError, albumId, decodeAlbumId, decodeItemId, isAlbumId, itemId } from '../library/ids.ts';
import type { ItemKind } from '../library/media.ts';
import { parseTakenDate } from '../library/photo-query.ts';
import { DomainError } from '../errors.ts';
import { yieldToLoop } from '../runtime/yield.ts';

/**
 * A selection (seed 002): ids, `{children, recursive, exclude}` and `{search, exclude}`.
 * `children` without `recursive` names an album's direct sub-albums and items; with it, every
 * item anywhere below the album (the albums themselves stay). `search` names items only.
 */
export type SelectionElement =
  | { kind: 'id'; id: string }
  | { kind: 'children'; album: string; recursive: boolean; exclude: Set<string> }
  | { kind: 'search'; keyword: string | undefined; type: ItemKind | undefined; from: number | undefined; to: number | undefined; album: string | undefined; exclude: Set<string> };

function bad(reason: string): never {
  throw new DomainError('bad-selection', reason);
}

function checkId(id: unknown): string {
  if (typeof id !== 'string') bad('Expected ids in a selection to be strings');
  try {
    if (isAlbumId(id) || id === '') decodeAlbumId(id);
    else decodeItemId(id);
  } catch (err) {
    if (err instanceof IdError) bad(`Bad id in selection: ${err.message}`);
    throw err;
  }
  return id;
}

function excludes(raw: unknown): Set<string> {
  if (raw === undefined) return new Set();
  if (!Array.isArray(raw)) bad('Expected `exclude` to be a list of ids');
  return new Set(raw.map(checkId));
}

/** Checks a selection's shape and that the albums it names exist; 601 otherwise. */
export function parseSelection(raw: unknown, library: Library): SelectionElement[] {
  if (!Array.isArray(raw) || raw.length === 0) bad('Expected `selection` to be a non-empty JSON array');
  return raw.map((el): SelectionElement => {
    if (typeof el === 'string') return { kind: 'id', id: checkId(el) };
    if (el === null || typeof el !== 'object') bad('Expected selection elements to be ids or objects');
    const o = el as Record<string, unknown>;
    if ('children' in o) {
      const album = checkId(o.children);
      if (!isAlbumId(album) && album !== '') bad('Expected `children` to name an album');
      if (!library.albums.byPath(decodeAlbumId(album))) bad('`children` names an album that does not exist');
      if (o.recursive !== undefined && typeof o.recursive !== 'boolean') bad('Expected `recursive` to be a boolean');
      return { kind: 'children', album, recursive: o.recursive === true, exclude: excludes(o.exclude) };
    }
    if ('search' in o) {
      const s = o.search;
      if (s === null || typeof s !== 'object' || Array.isArray(s)) bad('Expected `search` to be an object');
      const q = s as Record<string, unknown>;
      if (q.keyword !== undefined && typeof q.keyword !== 'string') bad('Expected `search.keyword` to be a string');
      if (q.type !== undefined && q.type !== 'photo' && q.type !== 'video') bad('Expected `search.type` to be photo or video');
      let range: { from?: number; to?: number } = {};
      if (q.taken_date !== undefined) {
        if (typeof q.taken_date !== 'string') bad('Expected `search.taken_date` to be a string');
        range = parseTakenDate(q.taken_date) ?? bad('Expected `search.taken_date` as `D`, `S,E`, `S,` or `,E` with dates YYYY-MM-DD');
      }
      let album: string | undefined;
      if (q.album !== undefined) {
        album = checkId(q.album);
        if (!library.albums.byPath(decodeAlbumId(album))) bad('`search.album` names an album that does not exist');
      }
      return {
        kind: 'search',
        keyword: q.keyword as string | undefined,
        type: q.type as ItemKind | undefined,
        from: range.from,
        to: range.to,
        album,
        exclude: excludes(o.exclude),
      };
    }
    return bad('Expected a selection object with `children` or `search`');
  });
}

interface ItemHit {
  id: number;
  name: string;
  kind: ItemKind;
  path: string;
}

const CHUNK = 2000;

/**
 * Resolves a selection into ids, a chunk at a time, once: item queries page by item row id
 * (keyset), never by offset, so rows changing meanwhile cannot shift the list. Each id is
 * yielded once even when several elements name it.
 */
export async function* resolveSelection(selection: SelectionElement[], library: Library): AsyncGenerator<string[]> {
  const seen = new Set<string>();
  let out: string[] = [];
  const emit = (id: string, exclude: Set<string>) => {
    if (exclude.has(id) || seen.has(id)) return;
    seen.add(id);
    out.push(id);
  };
  for (const el of selection) {
    if (el.kind === 'id') emit(el.id, new Set());
    else if (el.kind === 'children' && !el.recursive) {
      const album = library.albums.byPath(decodeAlbumId(el.album));
      if (!album) continue;
      for (const child of library.albums.children(album.id)) emit(albumId(child.path), el.exclude);
      for await (const hits of itemPages(library, 'i.album_id = ?', [album.id])) for (const h of hits) emit(itemId(h.path, h.name, h.kind), el.exclude);
    } else {
      const where: string[] = [];
      const args: unknown[] = [];
      const root = el.album;
      if (root !== undefined && root !== '') {
        const path = decodeAlbumId(root);
        where.push('(a.path = ? OR (a.path >= ? AND a.path < ?))');
        args.push(path, `${path}/`, `${path}0`);
      }
      if (el.kind === 'search') {
        if (el.type) {
          where.push('i.kind = ?');
          args.push(el.type);
        }
        if (el.keyword) {
          where.push("(i.name LIKE ? ESCAPE '\\' OR i.title LIKE ? ESCAPE '\\' OR i.description LIKE ? ESCAPE '\\')");
          const like = `%${el.keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
          args.push(like, like, like);
        }
        if (el.from !== undefined) {
          where.push('i.taken_at >= ?');
          args.push(el.from);
        }
        if (el.to !== undefined) {
          // The end of a range is exclusive: the day after the last day asked for.
          where.push('i.taken_at < ?');
          args.push(el.to);
        }
      }
      for await (const hits of itemPages(library, where.length ? where.join(' AND ') : '1 = 1', args)) {
        for (const h of hits) emit(itemId(h.path, h.name, h.kind), el.exclude);
        if (out.length >= CHUNK) {
          yield out;
          out = [];
        }
      }
    }
    if (out.length >= CHUNK) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}

async function* itemPages(library: Library, where: string, args: unknown[]): AsyncGenerator<ItemHit[]> {
  const stmt = library.db.prepare<unknown[], ItemHit>(
    `SELECT i.id, i.name, i.kind, a.path FROM items i JOIN albums a ON a.id = i.album_id WHERE ${where} AND i.id > ? ORDER BY i.id LIMIT ${CHUNK}`,
  );
  let last = 0;
  for (;;) {
    const rows = stmt.all(...args, last);
    if (rows.length === 0) return;
    yield rows;
    last = (rows[rows.length - 1] as ItemHit).id;
    await yieldToLoop();
  }
}
