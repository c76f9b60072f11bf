import { rename } from '../../runtime/fsx.ts';
import { albumId, baseName, parentPath } from '../../library/ids.ts';
import type { UnitSpec } from './spec.ts';
import { clash, exists, has } from './support.ts';

/** An album moved under another one: one rename of its folder, one row update whatever it holds. */
export const albumMove: UnitSpec = {
  rootPaths: (u) => [u.src, u.dst],
  async disk(steps, u) {
    // rename(2) would silently replace an empty folder: check first.
    if (await exists(steps.abs(u.dst))) throw clash(u.dst);
    await rename(steps.abs(u.src), steps.abs(u.dst));
    return false;
  },
  changesAlbums: true,
  index(changes, u) {
    const album = changes.lib.albums.byPath(u.src);
    const parent = changes.ensureAlbum(parentPath(u.dst));
    if (album) changes.lib.albums.move(album, parent, baseName(u.dst));
    else changes.ensureAlbum(u.dst);
  },
  announce(feed, u) {
    feed.record('MOVE', 'album', albumId(u.dst), { from: albumId(u.src), to: albumId(u.dst) });
  },
  inspect: (engine, row) => (!has(engine.disk.abs(row.src)) && has(engine.disk.abs(row.dst)) ? { done: true, trashed: false } : { done: false }),
  refuse: () => false,
};
