import { dirname } from 'node:path';
import { mkdir } from '../../runtime/fsx.ts';
import { albumId } from '../../library/ids.ts';
import type { UnitSpec } from './spec.ts';
import { has } from './support.ts';

/**
 * A folder an album copy makes for one album of its source (`src`) at `dst`, before the copies
 * of its items: made on disk (a folder already there, as in a merge, is kept), then indexed. A
 * new album takes its source's title and description, and the change feed hears of it.
 */
export const albumCreate: UnitSpec = {
  rootPaths: (u) => [u.dst],
  async disk(steps, u) {
    const dst = steps.abs(u.dst);
    await mkdir(dst, { recursive: true });
    // Its entry in its parent is flushed with the batch (SPEC §20).
    steps.touched(dirname(dst));
    return false;
  },
  changesAlbums: true,
  index(changes, u) {
    const { lib } = changes;
    if (lib.albums.byPath(u.dst)) return;
    const row = changes.ensureAlbum(u.dst);
    const source = lib.albums.byPath(u.src);
    if (source) lib.albums.update(row.id, { title: source.title, description: source.description });
    lib.changes.record('CREATE', 'album', albumId(u.dst), { from: albumId(u.src) });
  },
  // Recorded by `index`, which alone knows whether the album is new (a merge meets existing ones).
  announce() {},
  inspect: (engine, row) => (has(engine.disk.abs(row.dst)) ? { done: true, trashed: false } : { done: false }),
  refuse: () => false,
};
