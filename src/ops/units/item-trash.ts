import { moveAcross } from '../fsmove.ts';
import type { UnitSpec } from './spec.ts';
import { inspectTrashing, itemAt, refuseTrashing } from './support.ts';

/** An item to the trash; `dst` is its stored name there. */
export const itemTrash: UnitSpec = {
  rootPaths: (u) => [u.src],
  async disk(steps, u) {
    await moveAcross(steps.abs(u.src), steps.trashAbs(u.dst));
    return false;
  },
  changesAlbums: false,
  index(changes, u, _trashed, now) {
    changes.trashItem(u.src, u.dst, 'delete', now);
  },
  announce(feed, u) {
    const it = itemAt(u.src);
    feed.record('DELETE', it.kind, it.id);
  },
  inspect: (engine, row) => inspectTrashing(engine, row, () => ({ done: false })),
  refuse: refuseTrashing,
};
