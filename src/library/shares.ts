import type { LoginThrottle } from '../auth/throttle.ts';
import type { ShareVisit } from '../auth/users.ts';
import type { Db } from '../db/open.ts';
import { PublicShares } from './public-shares.ts';
import { SharedAlbums } from './shared-albums.ts';

/**
 * Sharing (SPEC §18): shared albums, public links, and the one rule of what a link shows.
 * One per space, on its index (src/spaces/start.ts), beside the library, not inside it: it reads
 * item and album rows by id only.
 */
export class Shares {
  readonly albums: SharedAlbums;
  readonly links: PublicShares;

  /** `register`: told of each new link's share id before its row is written (a personal library's directory entry). */
  constructor(db: Db, throttle: LoginThrottle, register?: (shareId: string) => void) {
    this.albums = new SharedAlbums(db);
    this.links = new PublicShares(db, throttle, register);
  }

  /**
   * THE rule of what a share's visitor may see, asked by every reading method that serves
   * visitors (src/api/share-common.ts): an album's link shows that album's own items (Photo
   * Station shares an album's photos, not its sub-albums); a shared album's link shows its items,
   * wherever they live. Nothing else: no album as such, no other item, no path.
   */
  allows(visit: ShareVisit, item: { id: number; album_id: number }): boolean {
    if (visit.albumId !== null) return item.album_id === visit.albumId;
    return visit.sharedAlbumId !== null && this.albums.has(visit.sharedAlbumId, item.id);
  }

  /** The same rule as a listing's condition (Photo.list): one album's items, or these items. */
  scope(visit: ShareVisit): { albumId: number } | { itemIds: number[] } {
    if (visit.albumId !== null) return { albumId: visit.albumId };
    return { itemIds: visit.sharedAlbumId === null ? [] : this.albums.itemIds(visit.sharedAlbumId) };
  }
}
