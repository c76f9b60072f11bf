import type { Db } from '../db/open.ts';
import type { Cover } from './covers.ts';
import { sortOf } from './listing.ts';
import { DEFAULT_SORT_BY } from './photo-query.ts';
import type { PhotoQueries, PhotoQuery } from './photo-query.ts';
import { narrowed, SmartAlbumError } from './smart-albums.ts';
import type { SmartAlbumRow, SmartAlbums } from './smart-albums.ts';
import type { AlbumScope } from './visibility.ts';

/** Where a caller may look: the albums they may browse, or 'all' (Visibility.browsableScope). */
export type Browsable = AlbumScope | 'all';

/**
 * Smart album covers (Cover.setsmart, Thumb.get of a `smart_` id). As for albums (covers.ts), the
 * chosen item is a bare row id checked when it is read: it is the cover while the smart album
 * still selects it and the caller may browse it, so an item edited out of the condition, a new
 * condition, a move out of the caller's sight or a deletion drop the choice with no write.
 * Otherwise the cover is the smart album's first item as Photo.list filter_smart lists it when
 * the client names no order, among the items the caller may browse: the same query, so the same
 * cached id list (built off the event loop, photo-query.ts).
 */
export class SmartCovers {
  readonly #smartAlbums: SmartAlbums;
  readonly #queries: PhotoQueries;
  readonly #choose;

  constructor(db: Db, smartAlbums: SmartAlbums, queries: PhotoQueries) {
    this.#smartAlbums = smartAlbums;
    this.#queries = queries;
    this.#choose = db.prepare('UPDATE smart_albums SET cover_item_id = ? WHERE id = ?');
  }

  /** What Photo.list filter_smart asks of the whole library for a caller who may browse `where`. */
  #query(row: SmartAlbumRow, where: Browsable): PhotoQuery {
    const all: PhotoQuery = {
      kinds: ['photo', 'video'],
      ...(where === 'all' ? {} : { albums: where }),
      sort: sortOf(undefined, DEFAULT_SORT_BY, undefined),
    };
    return narrowed(all, this.#smartAlbums.filter(row));
  }

  /** Makes `itemId` the smart album's cover; SmartAlbumError('not-selected') when it does not select the item. */
  choose(row: SmartAlbumRow, itemId: number): void {
    if (!this.#queries.includes(this.#query(row, 'all'), itemId)) throw new SmartAlbumError('not-selected', 'The smart album does not select the item');
    this.#choose.run(itemId, row.id);
  }

  /** The cover a caller who may browse `where` sees, or undefined when the smart album shows them nothing. */
  async of(row: SmartAlbumRow, where: Browsable): Promise<Cover | undefined> {
    const query = this.#query(row, where);
    const chosen = row.cover_item_id;
    let id = chosen !== null && this.#queries.includes(query, chosen) ? chosen : undefined;
    if (id === undefined) id = (await this.#queries.match(query)).ids[0];
    const found = id === undefined ? undefined : this.#queries.rows([id])[0];
    if (!found) return undefined;
    const { album_path: albumPath, ...item } = found;
    return { row: item, albumPath };
  }
}
