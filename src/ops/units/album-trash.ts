import { albumId } from '../../library/ids.ts';
import { moveAcross } from '../fsmove.ts';
import type { UnitSpec } from './spec.ts';
import { inspectTrashing, refuseTrashing } from './support.ts';

/** An album with everything in it to the trash, in one rename; `dst` is its stored name there. */
export const albumTrash: UnitSpec = {
  rootPaths: (u) => [u.src],
  async disk(steps, u) {
    await moveAcross(steps.abs(u.src), steps.trashAbs(u.dst));
    return false;
  },
  changesAlbums: true,
  index(changes, u, _trashed, now) {
    const album = changes.lib.albums.byPath(u.src);
    if (!album) return;
    changes.trash.add('album', u.src, u.dst, 'delete', now, changes.albumMeta(album));
    changes.lib.albums.deleteSubtree(album);
  },
  announce(feed, u) {
    feed.record('DELETE', 'album', albumId(u.src));
  },
  inspect: (engine, row) => inspectTrashing(engine, row, () => ({ done: false })),
  refuse: refuseTrashing,
};
