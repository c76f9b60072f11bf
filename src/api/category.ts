import type { User } from '../auth/users.ts';
import type { CategoryEntry, CategoryRow } from '../library/categories.ts';
import type { Library } from '../library/library.ts';
import { albumJson } from '../library/present.ts';
import type { Call, Handlers } from '../services.ts';
import { Code, WebApiError } from '../codes.ts';
import { albumFacts, albumFor, visibleChildren } from './browse-common.ts';
import { smartJson } from './smart-album.ts';

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
    if (id.startsWith('smart_')) {
      const smart = library.smartAlbums.byId(id);
      if (!smart) throw new WebApiError(Code.BadRequest, 'No such smart album');
      return { smart: smart.id };
    }
    const album = albumFor(library, id);
    if (album.depth === 0) throw new WebApiError(Code.BadRequest, 'The root album cannot be in a category');
    return { album: album.id };
  });
}

function page<T>(all: T[], offset: number, limit: number): T[] {
  return all.slice(Math.min(offset, all.length), limit === -1 ? all.length : Math.min(all.length, offset + limit));
}

function list({ params, services, user }: Call<{ offset: number; limit: number }>) {
  const all = services.library.categories.all().filter((c) => c.hidden === 0 || user?.isAdmin);
  const categories = page(all, params.offset, params.limit).map(categoryJson);
  return { total: all.length, offset: params.offset + categories.length, categories };
}

function getinfo({ params, services, user }: Call<{ id: string[] }>) {
  return { categories: params.id.map((id) => categoryJson(categoryFor(services.library, user, id))) };
}

function create({ params, services }: Call<{ name: string; hidden: boolean }>) {
  return { id: `category_${services.library.categories.create(params.name, params.hidden).id}` };
}

function edit({ params, services, user }: Call<{ id: string; name?: string; hidden?: boolean }>) {
  const row = categoryFor(services.library, user, params.id);
  services.library.categories.update(row.id, params);
}

function remove({ params, services, user }: Call<{ id: string[] }>) {
  const { library } = services;
  const rows = params.id.map((id) => categoryFor(library, user, id));
  library.db.transaction(() => rows.forEach((r) => library.categories.delete(r.id)))();
}

function arrangecategory({ params, services, user }: Call<{ id: string[] }>) {
  const { library } = services;
  library.categories.arrange(params.id.map((id) => categoryFor(library, user, id).id));
}

function listitem({ params, services, user }: Call<{ id: string; offset: number; limit: number; additional: string[] }>) {
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
}

function additem({ params, services, user }: Call<{ id: string; item_id: string[] }>) {
  const { library } = services;
  library.categories.add(categoryFor(library, user, params.id).id, entriesOf(library, params.item_id));
}

function removeitem({ params, services, user }: Call<{ id: string; item_id: string[] }>) {
  const { library } = services;
  library.categories.remove(categoryFor(library, user, params.id).id, entriesOf(library, params.item_id));
}

function arrangeitem({ params, services, user }: Call<{ id: string; item_id: string[] }>) {
  const { library } = services;
  library.categories.arrangeEntries(categoryFor(library, user, params.id).id, entriesOf(library, params.item_id));
}

export const handlers = { list, getinfo, create, edit, delete: remove, arrangecategory, listitem, additem, removeitem, arrangeitem } satisfies Handlers;
