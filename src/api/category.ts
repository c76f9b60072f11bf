import type { User } from '../auth/users.ts';
import type { CategoryEntry, CategoryRow } from '../library/categories.ts';
import type { Library } from '../library/library.ts';
import { albumJson } from '../library/present.ts';
import { isSmartId } from '../library/smart-albums.ts';
import { Code, WebApiError } from '../codes.ts';
import { route } from '../webapi/route.ts';
import { additional, limit, nonEmptyIdList, offset } from '../webapi/schema.ts';
import { albumFacts, albumFor, visibleChildren } from './browse-common.ts';
import { smartAlbumFor, smartJson } from './smart-album.ts';

const categoryId = { type: 'string', minLength: 1, maxLength: 64 } as const;
const name = { type: 'string', minLength: 1, maxLength: 255 } as const;
const ids = { type: 'object', properties: { id: nonEmptyIdList }, required: ['id'] } as const;
const entries = { type: 'object', properties: { id: categoryId, item_id: nonEmptyIdList }, required: ['id', 'item_id'] } as const;

function categoryJson(c: CategoryRow) {
  return { id: `category_${c.id}`, name: c.name, hidden: c.hidden === 1 };
}

/** The category an id names; hidden ones exist for administrators only. */
function categoryFor(library: Library, user: User | null, id: string): CategoryRow {
  const m = /^category_(\d{1,15})$/.exec(id);
  const row = m ? library.categories.byId(Number(m[1])) : undefined;
  if (!row || (row.hidden === 1 && !user?.isAdmin)) throw new WebApiError(Code.BadRequest, `No such category \`${id.slice(0, 40)}\``);
  return row;
}

/** `album_...` or `smart_...` ids as entries; 101 for anything else or a missing one. */
function entriesOf(library: Library, ids: readonly string[]): CategoryEntry[] {
  return ids.map((id) => {
    if (isSmartId(id)) return { smart: smartAlbumFor(library, id).id };
    const album = albumFor(library, id);
    if (album.depth === 0) throw new WebApiError(Code.BadRequest, 'The root album cannot be in a category');
    return { album: album.id };
  });
}

function page<T>(all: T[], offset: number, limit: number): T[] {
  return all.slice(Math.min(offset, all.length), limit === -1 ? all.length : Math.min(all.length, offset + limit));
}

export const list = route('guest', { type: 'object', properties: { offset: { ...offset, default: 0 }, limit: { ...limit, default: -1 } } }, ({ params, services, user }) => {
  const all = services.library.categories.all().filter((c) => c.hidden === 0 || user?.isAdmin);
  const categories = page(all, params.offset, params.limit).map(categoryJson);
  return { total: all.length, offset: params.offset + categories.length, categories };
});

export const getinfo = route('guest', ids, ({ params, services, user }) => {
  return { categories: params.id.map((id) => categoryJson(categoryFor(services.library, user, id))) };
});

export const create = route('admin', { type: 'object', properties: { name, hidden: { type: 'boolean', default: false } }, required: ['name'] }, ({ params, services }) => {
  return { id: `category_${services.library.categories.create(params.name, params.hidden).id}` };
});

export const edit = route('admin', { type: 'object', properties: { id: categoryId, name, hidden: { type: 'boolean' } }, required: ['id'] }, ({ params, services, user }) => {
  const row = categoryFor(services.library, user, params.id);
  services.library.categories.update(row.id, params);
});

export const remove = route('admin', ids, ({ params, services, user }) => {
  const { library } = services;
  const rows = params.id.map((id) => categoryFor(library, user, id));
  library.db.transaction(() => rows.forEach((r) => library.categories.delete(r.id)))();
});

export const arrangecategory = route('admin', ids, ({ params, services, user }) => {
  const { library } = services;
  library.categories.arrange(params.id.map((id) => categoryFor(library, user, id).id));
});

export const listitem = route(
  'guest',
  { type: 'object', properties: { id: categoryId, offset: { ...offset, default: 0 }, limit: { ...limit, default: -1 }, additional }, required: ['id'] },
  ({ params, services, user }) => {
    const { library } = services;
    const row = categoryFor(library, user, params.id);
    const additional = new Set(params.additional);
    const albums = new Set(
      visibleChildren(
        library,
        user,
        library.categories.entries(row.id).flatMap((e) => ('album' in e ? [library.albums.byId(e.album)!] : [])),
      ).map((a) => a.id),
    );
    const shown = library.categories.entries(row.id).filter((e) => 'smart' in e || albums.has(e.album));
    const items = page(shown, params.offset, params.limit).map((e) => {
      if ('smart' in e) return smartJson(library.smartAlbums.byRowId(e.smart)!);
      const album = library.albums.byId(e.album)!;
      return albumJson(album, albumFacts(library, user, album), additional);
    });
    return { total: shown.length, offset: params.offset + items.length, items };
  },
);

export const additem = route('admin', entries, ({ params, services, user }) => {
  const { library } = services;
  library.categories.add(categoryFor(library, user, params.id).id, entriesOf(library, params.item_id));
});

export const removeitem = route('admin', entries, ({ params, services, user }) => {
  const { library } = services;
  library.categories.remove(categoryFor(library, user, params.id).id, entriesOf(library, params.item_id));
});

export const arrangeitem = route('admin', entries, ({ params, services, user }) => {
  const { library } = services;
  library.categories.arrangeEntries(categoryFor(library, user, params.id).id, entriesOf(library, params.item_id));
});
