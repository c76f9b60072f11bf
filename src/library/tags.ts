import type { Db } from '../db/open.ts';
import type { ItemKind } from './media.ts';

export type TagType = 'desc' | 'people' | 'geo';
export const TAG_TYPES: readonly TagType[] = ['desc', 'people', 'geo'];

/** An item whose tags changed, with what its feed event's key is made of. */
export interface TaggedItem {
  id: number;
  album_path: string;
  name: string;
  kind: ItemKind;
}

export interface TagRow {
  id: number;
  type: TagType;
  name: string;
  lat: number | null;
  lng: number | null;
  address: string;
  place_id: string;
  created_at: number;
}

/** A face region: fractions 0..1 of the image, from its top left corner. */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A tag on an item, as PhotoTag.list answers it. */
export interface ItemTagRow extends TagRow {
  item_tag_id: number;
  item_id: number;
  x: number | null;
  y: number | null;
  width: number | null;
  height: number | null;
  confirmed: number;
}

export type Place = Pick<TagRow, 'lat' | 'lng' | 'address' | 'place_id'>;

/** A link as it travels with a copy or through the trash: by the tag's kind and name, not its id. */
export interface SavedTagLink extends Place {
  type: TagType;
  name: string;
  x: number | null;
  y: number | null;
  width: number | null;
  height: number | null;
  confirmed: number;
}

/** What a file says of itself: keywords (IPTC, XMP dc:subject) and named face regions (XMP). */
export interface FileTags {
  keywords: string[];
  people: Array<{ name: string } & Region>;
}

/** Why a tag change was refused: `exists` (that kind and name are taken), `missing` (no such tag). */
export class TagError extends Error {
  readonly kind: 'exists' | 'missing';
  constructor(kind: 'exists' | 'missing', message: string) {
    super(message);
    this.name = 'TagError';
    this.kind = kind;
  }
}

const NO_PLACE: Place = { lat: null, lng: null, address: '', place_id: '' };

/**
 * What a place sent along with a link (PhotoTag.geo_tag) changes of the tag: the fields that differ
 * from the tag's, and whether one of them replaces a value the tag has, rather than filling in one
 * it lacks. A blank field was not sent: putting a tag on an item never erases its place.
 * Coordinates go as a pair.
 */
export function placeChange(tag: Place, sent: Partial<Place>): { fields: Partial<Place>; replaces: boolean } {
  const fields: Partial<Place> = {};
  let replaces = false;
  if (sent.lat != null && sent.lng != null && (sent.lat !== tag.lat || sent.lng !== tag.lng)) {
    fields.lat = sent.lat;
    fields.lng = sent.lng;
    replaces ||= tag.lat !== null || tag.lng !== null;
  }
  for (const key of ['address', 'place_id'] as const) {
    const value = sent[key];
    if (value === undefined || value === '' || value === tag[key]) continue;
    fields[key] = value;
    replaces ||= tag[key] !== '';
  }
  return { fields, replaces };
}

/** Tags and their links to items. Synchronous; callers group calls in `db.transaction`. */
export class Tags {
  readonly #db: Db;
  readonly #byId;
  readonly #byName;
  readonly #insert;
  readonly #link;
  readonly #linkIfAbsent;
  readonly #linkMany;
  readonly #linkIdsOf;
  readonly #linksOf;
  readonly #copy;

  constructor(db: Db) {
    this.#db = db;
    this.#byId = db.prepare<[number], TagRow>('SELECT * FROM tags WHERE id = ?');
    this.#byName = db.prepare<[string, string], TagRow>('SELECT * FROM tags WHERE type = ? AND name = ? COLLATE NOCASE');
    this.#insert = db.prepare<[string, string, number | null, number | null, string, string, number], TagRow>(
      'INSERT INTO tags (type, name, lat, lng, address, place_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *',
    );
    // Tagging a person again moves the region; any other tag again is a no-op that answers the same link.
    this.#link = db.prepare<[number, number, number | null, number | null, number | null, number | null, number], { id: number }>(
      `INSERT INTO item_tags (item_id, tag_id, x, y, width, height, confirmed) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (item_id, tag_id) DO UPDATE SET x = coalesce(excluded.x, x), y = coalesce(excluded.y, y), width = coalesce(excluded.width, width), height = coalesce(excluded.height, height)
       RETURNING id`,
    );
    this.#linkIfAbsent = db.prepare('INSERT OR IGNORE INTO item_tags (item_id, tag_id, x, y, width, height, confirmed) VALUES (?, ?, ?, ?, ?, ?, ?)');
    // One statement for a whole list: a statement per link was most of a 10 000-photo desc_tag.
    // Items deleted since the caller looked them up are skipped, not a foreign-key failure.
    // New links answer their ids as they are written; links already there are read afterwards.
    this.#linkMany = db.prepare<[number, string], { item_id: number; id: number }>(
      `INSERT INTO item_tags (item_id, tag_id) SELECT j.value, ? FROM json_each(?) j WHERE EXISTS (SELECT 1 FROM items WHERE id = j.value)
       ON CONFLICT (item_id, tag_id) DO NOTHING RETURNING item_id, id`,
    );
    this.#linkIdsOf = db.prepare<[number, string], { item_id: number; id: number }>(
      'SELECT item_id, id FROM item_tags WHERE tag_id = ? AND item_id IN (SELECT value FROM json_each(?))',
    );
    this.#linksOf = db.prepare<[number], SavedTagLink>(
      `SELECT t.type, t.name, t.lat, t.lng, t.address, t.place_id, l.x, l.y, l.width, l.height, l.confirmed
       FROM item_tags l JOIN tags t ON t.id = l.tag_id WHERE l.item_id = ? ORDER BY l.id`,
    );
    this.#copy = db.prepare(
      'INSERT OR IGNORE INTO item_tags (item_id, tag_id, x, y, width, height, confirmed) SELECT ?, tag_id, x, y, width, height, confirmed FROM item_tags WHERE item_id = ? ORDER BY id',
    );
  }

  byId(id: number): TagRow | undefined {
    return this.#byId.get(id);
  }

  /**
   * Tags of the given kinds, by name; `limit` -1 is all. With `albumIds`, only tags on an item in
   * one of those albums.
   */
  list(types: TagType[], desc: boolean, offset: number, limit: number, albumIds?: readonly number[]): { total: number; rows: TagRow[] } {
    const kinds = JSON.stringify(types);
    const where = albumIds
      ? `type IN (SELECT value FROM json_each(?)) AND id IN (SELECT l.tag_id FROM item_tags l JOIN items i ON i.id = l.item_id WHERE i.album_id IN (SELECT value FROM json_each(?)))`
      : `type IN (SELECT value FROM json_each(?)) AND ? IS NULL`;
    const within = albumIds ? JSON.stringify(albumIds) : null;
    const total = this.#db.prepare<[string, string | null], number>(`SELECT count(*) FROM tags WHERE ${where}`).pluck().get(kinds, within) ?? 0;
    const rows = this.#db
      .prepare<[string, string | null, number, number], TagRow>(`SELECT * FROM tags WHERE ${where} ORDER BY name COLLATE NOCASE ${desc ? 'DESC' : 'ASC'}, id LIMIT ? OFFSET ?`)
      .all(kinds, within, limit, offset);
    return { total, rows };
  }

  /** Geo tags whose name or address holds `text`, letter case aside. */
  searchPlaces(text: string, limit: number): TagRow[] {
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.#db
      .prepare<[string, string, number], TagRow>(
        "SELECT * FROM tags WHERE type = 'geo' AND (name LIKE ? ESCAPE '\\' OR address LIKE ? ESCAPE '\\') ORDER BY name COLLATE NOCASE, id LIMIT ?",
      )
      .all(like, like, limit);
  }

  create(type: TagType, name: string, place: Partial<Place>, now: number): TagRow {
    if (this.#byName.get(type, name)) throw new TagError('exists', `A ${type} tag \`${name}\` exists`);
    const p = { ...NO_PLACE, ...place };
    return this.#insert.get(type, name, p.lat, p.lng, p.address, p.place_id, now) as TagRow;
  }

  /** The tag of that kind and name, created when there is none (what files and restores need). */
  ensure(type: TagType, name: string, place: Partial<Place>, now: number): TagRow {
    return this.#byName.get(type, name) ?? this.create(type, name, place, now);
  }

  edit(id: number, fields: { name?: string } & Partial<Place>): TagRow {
    const tag = this.byId(id);
    if (!tag) throw new TagError('missing', `No tag ${id}`);
    if (fields.name !== undefined) {
      const other = this.#byName.get(tag.type, fields.name);
      if (other && other.id !== id) throw new TagError('exists', `A ${tag.type} tag \`${fields.name}\` exists`);
    }
    // Only a place has coordinates and an address.
    const place = tag.type === 'geo' ? fields : {};
    const next = { ...tag, ...(fields.name !== undefined ? { name: fields.name } : {}), ...place };
    this.#db.prepare('UPDATE tags SET name = ?, lat = ?, lng = ?, address = ?, place_id = ? WHERE id = ?').run(next.name, next.lat, next.lng, next.address, next.place_id, id);
    return this.byId(id) as TagRow;
  }

  /** Deletes the tags and every link to them. */
  delete(ids: number[]): void {
    const del = this.#db.prepare('DELETE FROM tags WHERE id = ?');
    for (const id of ids) del.run(id);
  }

  /** Tags of the items, of the given kinds, in the order they were put on. */
  ofItems(itemIds: number[], types: TagType[]): Map<number, ItemTagRow[]> {
    const rows = this.#db
      .prepare<[string, string], ItemTagRow>(
        `SELECT t.*, l.id AS item_tag_id, l.item_id, l.x, l.y, l.width, l.height, l.confirmed FROM item_tags l JOIN tags t ON t.id = l.tag_id
         WHERE l.item_id IN (SELECT value FROM json_each(?)) AND t.type IN (SELECT value FROM json_each(?)) ORDER BY l.id`,
      )
      .all(JSON.stringify(itemIds), JSON.stringify(types));
    const out = new Map<number, ItemTagRow[]>(itemIds.map((id) => [id, []]));
    for (const r of rows) out.get(r.item_id)?.push(r);
    return out;
  }

  /** Puts the tag on the item (again: moves a person's region); answers the link's id. */
  link(itemId: number, tagId: number, region?: Region): number {
    const r = region ?? { x: null, y: null, width: null, height: null };
    return (this.#link.get(itemId, tagId, r.x, r.y, r.width, r.height, 1) as { id: number }).id;
  }

  /**
   * Puts the tag on every item (a no-op where it is already on); answers each item's link id, and
   * the items that got the tag now. Items that no longer exist are missing from the answer.
   */
  linkMany(itemIds: readonly number[], tagId: number): { links: Map<number, number>; added: Set<number> } {
    const list = JSON.stringify(itemIds);
    const links = new Map(this.#linkMany.all(tagId, list).map((r) => [r.item_id, r.id]));
    const added = new Set(links.keys());
    if (links.size === itemIds.length) return { links, added };
    return { links: new Map(this.#linkIdsOf.all(tagId, list).map((r) => [r.item_id, r.id])), added };
  }

  /** Removes links named by tag (per item) or by link id; answers how many went. */
  unlink(itemIds: number[], tagIds: number[], itemTagIds: number[]): number {
    let n = 0;
    const byTag = this.#db.prepare('DELETE FROM item_tags WHERE item_id = ? AND tag_id = ?');
    const byLink = this.#db.prepare('DELETE FROM item_tags WHERE id = ? AND item_id IN (SELECT value FROM json_each(?))');
    for (const item of itemIds) for (const tag of tagIds) n += byTag.run(item, tag).changes;
    const items = JSON.stringify(itemIds);
    for (const link of itemTagIds) n += byLink.run(link, items).changes;
    return n;
  }

  /** Confirms a person on an item, or (false) takes the suggestion off. Answers whether the link was there. */
  confirm(itemId: number, tagId: number, confirmed: boolean): boolean {
    if (!confirmed) return this.#db.prepare('DELETE FROM item_tags WHERE item_id = ? AND tag_id = ?').run(itemId, tagId).changes > 0;
    return this.#db.prepare('UPDATE item_tags SET confirmed = 1 WHERE item_id = ? AND tag_id = ?').run(itemId, tagId).changes > 0;
  }

  /**
   * Takes the unconfirmed people (the faces Photo Station found and nobody confirmed) off the
   * first `limit` items above id `after` that have any; people tags and confirmed links stay.
   * Answers those items by id, with where they are for the change feed; fewer than `limit` means
   * none is left. The caller runs it slice by slice, each in its own transaction, from the last
   * id of the slice before (Tag.delete_unconfirmed_tag).
   */
  dropUnconfirmed(after: number, limit: number): TaggedItem[] {
    const items = this.#db
      .prepare<[number, number], TaggedItem>(
        `SELECT i.id, a.path AS album_path, i.name, i.kind FROM items i JOIN albums a ON a.id = i.album_id
         WHERE i.id IN (SELECT DISTINCT item_id FROM item_tags WHERE confirmed = 0 AND item_id > ? ORDER BY item_id LIMIT ?) ORDER BY i.id`,
      )
      .all(after, limit);
    const last = items[items.length - 1];
    if (last) this.#db.prepare('DELETE FROM item_tags WHERE confirmed = 0 AND item_id > ? AND item_id <= ?').run(after, last.id);
    return items;
  }

  /**
   * Up to `limit` items that carry the tag, those with an id over `after`, by id: a slice of the
   * items whose tags change when the tag does (Tag.edit and Tag.delete announce them in the feed).
   */
  carriers(tagId: number, after: number, limit: number): TaggedItem[] {
    return this.#db
      .prepare<[number, number, number], TaggedItem>(
        `SELECT i.id, a.path AS album_path, i.name, i.kind FROM items i JOIN albums a ON a.id = i.album_id
         WHERE i.id IN (SELECT DISTINCT item_id FROM item_tags WHERE tag_id = ? AND item_id > ? ORDER BY item_id LIMIT ?) ORDER BY i.id`,
      )
      .all(tagId, after, limit);
  }

  /** Takes the tag off the items with an id up to `last`: a slice of Tag.delete. */
  unlinkUpTo(tagId: number, last: number): void {
    this.#db.prepare('DELETE FROM item_tags WHERE tag_id = ? AND item_id <= ?').run(tagId, last);
  }

  /**
   * Tags read from the item's file: keywords become desc tags, named regions people tags. Links
   * already there stay as they are (a region a user moved keeps its place), links a user removed
   * come back only when the file is read again.
   */
  fromFile(itemId: number, found: FileTags, now: number): void {
    for (const k of found.keywords) this.#linkIfAbsent.run(itemId, this.ensure('desc', k, {}, now).id, null, null, null, null, 1);
    for (const p of found.people) this.#linkIfAbsent.run(itemId, this.ensure('people', p.name, {}, now).id, p.x, p.y, p.width, p.height, 1);
  }

  /** The item's links, by kind and name: what a trip to the trash keeps. Undefined when none. */
  save(itemId: number): SavedTagLink[] | undefined {
    const links = this.#linksOf.all(itemId);
    return links.length > 0 ? links : undefined;
  }

  /** Puts saved links on an item, recreating tags deleted meanwhile. */
  restore(itemId: number, links: SavedTagLink[], now: number): void {
    for (const l of links) {
      const tag = this.ensure(l.type, l.name, { lat: l.lat, lng: l.lng, address: l.address, place_id: l.place_id }, now);
      this.#linkIfAbsent.run(itemId, tag.id, l.x, l.y, l.width, l.height, l.confirmed);
    }
  }

  copy(fromItemId: number, toItemId: number): void {
    this.#copy.run(toItemId, fromItemId);
  }
}
