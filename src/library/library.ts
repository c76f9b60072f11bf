import type { Config } from '../config.ts';
import type { Db } from '../db/open.ts';
import { Changes } from '../feed/changes.ts';
import { Albums } from './albums.ts';
import { Disk } from './disk.ts';
import { Items } from './items.ts';
import { AlbumRights } from './rights.ts';

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

  constructor(db: Db, config: Config) {
    this.db = db;
    this.config = config;
    this.disk = new Disk(config.photoRoot);
    this.albums = new Albums(db);
    this.items = new Items(db);
    this.rights = new AlbumRights(db, this.albums, config.defaultAlbumType);
    this.changes = new Changes(db, config.now);
  }
}
