import type { User } from '../auth/users.ts';
import type { AlbumRow } from '../library/albums.ts';
import type { AlbumRights } from '../library/rights.ts';

/**
 * Who may do what to the library's contents (SPEC §5), one guard per operation, asked by every
 * planner: the Photo, Album and Trash APIs refuse the whole request when a guard says no, Batch
 * refuses that one source.
 */

/** Moving takes manage on the source's album, copying browse on it; both take upload on the destination. */
export async function mayTransfer(rights: AlbumRights, user: User | null, source: AlbumRow, dest: AlbumRow, move: boolean): Promise<boolean> {
  if (!rights.granted(user, dest).upload) return false;
  return move ? rights.granted(user, source).manage : (await rights.of(user, source)).browse;
}

/** Deleting (to the trash) takes manage on the album it is in (or, for an album, on itself). */
export function mayDelete(rights: AlbumRights, user: User | null, album: AlbumRow): boolean {
  return rights.granted(user, album).manage;
}

/** Replacing a file destroys an item: that takes manage on the destination, as an upload's overwrite does. */
export function mayReplace(rights: AlbumRights, user: User | null, dest: AlbumRow): boolean {
  return rights.granted(user, dest).manage;
}

/** A trash entry is seen (listed, restored, emptied) by whoever may manage the nearest album still on its way. */
export function maySeeTrashed(rights: AlbumRights, user: User, nearest: AlbumRow): boolean {
  return user.isAdmin || rights.granted(user, nearest).manage;
}
