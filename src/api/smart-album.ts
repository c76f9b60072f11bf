import type { Library } from '../library/library.ts';
import type { ItemKind } from '../library/media.ts';
import { conditionOf, SmartAlbumError, smartId } from '../library/smart-albums.ts';
import type { SmartAlbumRow, SmartCondition } from '../library/smart-albums.ts';
import { DomainError } from '../errors.ts';
import { route } from '../webapi/route.ts';
import { limit, nonEmptyIdList, offset } from '../webapi/schema.ts';
import { badRequestOn } from './reasons.ts';

const condition = {
  type: { type: 'array', items: { type: 'string', enum: ['photo', 'video'] }, minItems: 1, maxItems: 2 },
  tag: { type: 'array', items: { type: 'string', pattern: '^(tag_)?[0-9]{1,15}$' }, maxItems: 1000 },
  tag_policy: { type: 'string', enum: ['or', 'and'] },
  date_from: { type: 'string', maxLength: 10 },
  date_to: { type: 'string', maxLength: 10 },
  rating: { type: 'integer', minimum: 0, maximum: 5 },
} as const;
const name = { type: 'string', minLength: 1, maxLength: 255 } as const;
// `smart_` and the hex of a name of 255 characters, each up to 4 bytes in UTF-8.
export const smartIdParam = { type: 'string', minLength: 1, maxLength: 6 + 255 * 4 * 2 } as const;

/**
 * A smart album as SmartAlbum.list/getinfo and Category.listitem answer it. Unlike an album it
 * carries no `thumbnail_status` nor `additional.thumb_size`: its cover is the first item of a
 * query over the whole library (library/smart-covers.ts), so a page of 100 smart albums would run
 * 100 such queries. The cover is found lazily, when Thumb.get is asked for the smart album's id,
 * which is how clients show it (they build the thumbnail URL from the id alone).
 */
export function smartJson(row: SmartAlbumRow) {
  const c = conditionOf(row);
  return {
    id: smartId(row.name),
    type: 'smart_album' as const,
    name: row.name,
    condition: { type: c.kinds, tag: c.tags.map((t) => `tag_${t}`), tag_policy: c.tagPolicy, date_from: c.dateFrom, date_to: c.dateTo, rating: c.rating },
  };
}

/** The smart album an id names; one naming nothing is the calling method's bad-parameter code (101, 501, ...). */
export function smartAlbumFor(library: Library, id: string): SmartAlbumRow {
  const row = library.smartAlbums.byId(id);
  if (!row) throw new DomainError('not-found', 'No such smart album');
  return row;
}

interface ConditionParams {
  type?: ItemKind[];
  tag?: string[];
  tag_policy?: 'or' | 'and';
  date_from?: string;
  date_to?: string;
  rating?: number;
}

/** The given parts over `base`; an empty date removes that bound. */
function merged(base: SmartCondition, p: ConditionParams): SmartCondition {
  const date = (v: string | undefined, old: string | null) => (v === undefined ? old : v === '' ? null : v);
  return {
    kinds: p.type ? [...new Set(p.type)] : base.kinds,
    tags: p.tag ? [...new Set(p.tag.map((t) => Number(t.replace(/^tag_/, ''))))] : base.tags,
    tagPolicy: p.tag_policy ?? base.tagPolicy,
    dateFrom: date(p.date_from, base.dateFrom),
    dateTo: date(p.date_to, base.dateTo),
    rating: p.rating ?? base.rating,
  };
}

const EMPTY: SmartCondition = { kinds: ['photo', 'video'], tags: [], tagPolicy: 'or', dateFrom: null, dateTo: null, rating: 0 };

export const list = route('guest', { type: 'object', properties: { offset: { ...offset, default: 0 }, limit: { ...limit, default: -1 } } }, ({ params, services }) => {
  const all = services.library.smartAlbums.all();
  const end = params.limit === -1 ? all.length : Math.min(all.length, params.offset + params.limit);
  const page = all.slice(Math.min(params.offset, all.length), end).map(smartJson);
  return { total: all.length, offset: params.offset + page.length, smart_albums: page };
});

export const getinfo = route('guest', { type: 'object', properties: { id: nonEmptyIdList }, required: ['id'] }, ({ params, services }) => ({
  smart_albums: params.id.map((id) => smartJson(smartAlbumFor(services.library, id))),
}));

export const create = route('admin', { type: 'object', properties: { name, ...condition }, required: ['name'] }, ({ params, services }) => {
  const { library } = services;
  const row = badRequestOn(SmartAlbumError, () => library.smartAlbums.create(params.name, merged(EMPTY, params), library.config.now()));
  return { id: smartId(row.name) };
});

export const edit = route('admin', { type: 'object', properties: { id: smartIdParam, name, ...condition }, required: ['id'] }, ({ params, services }) => {
  const { library } = services;
  const row = smartAlbumFor(library, params.id);
  const edited = badRequestOn(SmartAlbumError, () => library.smartAlbums.update(row, params.name ?? row.name, merged(conditionOf(row), params)));
  return { id: smartId(edited.name) };
});

export const remove = route('admin', { type: 'object', properties: { id: nonEmptyIdList }, required: ['id'] }, ({ params, services }) => {
  const { library } = services;
  const rows = params.id.map((id) => smartAlbumFor(library, id));
  library.db.transaction(() => {
    for (const row of rows) library.smartAlbums.delete(row);
  })();
});
