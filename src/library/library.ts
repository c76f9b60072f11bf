import type { Config } from '../config.ts';
import { flushIndexLog } from '../runtime/fsx.ts';
import type { Db } from '../db/open.ts';
import { Changes } from '../feed/changes.ts';
import { PhotoLog } from '../feed/photo-log.ts';
import { Albums } from './albums.ts';
import { Categories } from './categories.ts';
import { Comments } from './comments.ts';
import type { SavedComment } from './comments.ts';
import { Groups } from './groups.ts';
import { SmartAlbums } from './smart-albums.ts';
import { SmartCovers } from './smart-covers.ts';
import { Timelines } from './timeline.ts';
import type { AlbumRow } from './albums.ts';
import { Covers } from './covers.ts';
import { Disk, UnsafePathError } from './disk.ts';
import { Generation } from './generation.ts';
import { ItemExtras } from './item-extras.ts';
import { Items } from './items.ts';
import { Listings } from './listing.ts';
import { PhotoQueries } from './photo-query.ts';
import { AlbumRights } from './rights.ts';
import { Tags } from './tags.ts';
import type { SavedTagLink } from './tags.ts';
import { Visibility } from './visibility.ts';

/** The library: the photo root on disk and the index rows that mirror it. */
export class Library {
  readonly db: Db;
  readonly config: Config;
  readonly disk: Disk;
  readonly albums: Albums;
  readonly items: Items;
  readonly rights: AlbumRights;
  /** Every write path records what it changed here, in the same transaction. */
  readonly changes: Changes;
  /** Changes with every write to the index; listing caches key on it (generation.ts). */
  readonly generation: Generation;
  /** Sorted, cached album contents for paging (listing.ts). */
  readonly listings: Listings;
  /** Rights of many albums at once, for listings (visibility.ts). */
  readonly visibility: Visibility;
  readonly photoQueries: PhotoQueries;
  readonly tags: Tags;
  /** What an item has beyond its row, carried over by copies and trips to the trash (item-extras.ts). */
  readonly extras: ItemExtras;
  readonly comments: Comments;
  readonly smartAlbums: SmartAlbums;
  readonly categories: Categories;
  readonly groups: Groups;
  /** The administrator's log of uploads, moves, deletes and logins (fed by the access log line). */
  readonly photoLog: PhotoLog;
  readonly timelines: Timelines;
  /** Album covers: chosen, else the first item (covers.ts). */
  readonly covers: Covers;
  /** Smart album covers: chosen while still selected, else the first item (smart-covers.ts). */
  readonly smartCovers: SmartCovers;

  /**
   * Makes the commits so far survive a power cut (SPEC §20): an fsync of the write-ahead log on
   * the thread pool. The index commits with `synchronous = NORMAL` (src/db/open.ts), which writes
   * a commit's frames to the log without fsync; this flushes them without holding the event loop
   * (FULL would fsync inside the synchronous commit, on the main thread). A log checkpointed and
   * reset meanwhile has had its frames fsync'ed into the database file by the checkpoint. Off
   * (config.flush) for a benchmark's baseline only.
   */
  async flushIndex(): Promise<void> {
    if (this.config.flush) await flushIndexLog(this.config.dbPath);
  }

  constructor(db: Db, config: Config) {
    this.db = db;
    this.config = config;
    this.disk = new Disk(config.photoRoot);
    this.albums = new Albums(db);
    this.items = new Items(db);
    this.rights = new AlbumRights(db, this.albums, config.defaultAlbumType);
    this.changes = new Changes(db, config.now);
    this.generation = new Generation(db);
    this.listings = new Listings(db, this.generation, config.log);
    this.visibility = new Visibility(db, this.generation, config.defaultAlbumType);
    this.photoQueries = new PhotoQueries(db, this.generation, config.log);
    this.tags = new Tags(db);
    this.comments = new Comments(db);
    const { tags, comments } = this;
    this.extras = new ItemExtras({
      tags: { save: (id) => tags.save(id), restore: (id, saved, now) => tags.restore(id, saved as SavedTagLink[], now), copy: (from, to) => tags.copy(from, to) },
      comments: { save: (id) => comments.save(id), restore: (id, saved) => comments.restore(id, saved as SavedComment[]), copy: (from, to) => comments.copy(from, to) },
    });
    this.smartAlbums = new SmartAlbums(db);
    this.categories = new Categories(db);
    this.groups = new Groups(db);
    this.photoLog = new PhotoLog(db, config.now);
    this.timelines = new Timelines(db, this.generation);
    this.covers = new Covers(db, this.listings);
    this.smartCovers = new SmartCovers(db, this.smartAlbums, this.photoQueries);
  }

  /**
   * Drops every cached listing. Writes through the index connection do this by themselves
   * (generation.ts); call it after a change the index cannot see.
   */
  bumpGeneration(): void {
    this.generation.bump();
  }

  /**
   * The album at `path` when the index has it and its folder is reachable without crossing a
   * symlink; undefined otherwise. What every operation that writes under an album asks first.
   */
  async usableAlbum(path: string): Promise<AlbumRow | undefined> {
    const row = this.albums.byPath(path);
    if (!row) return undefined;
    try {
      await this.disk.safe(path);
    } catch (err) {
      if (err instanceof UnsafePathError) return undefined;
      throw err;
    }
    return row;
  }
}
