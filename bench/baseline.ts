import { renameSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { fsyncPathSync } from '../src/runtime/fsx.ts';
import type { OpsFixture } from '../test/helpers/ops-fixture.ts';

function fixture(f: OpsFixture, name: string, n: number) {
  f.bulk(`${name}Src`, n, 1);
  const dest = f.album(`${name}Dst`);
  const src = f.lib.albums.byPath(`${name}Src`)!;
  const rows = f.lib.db.prepare<[number], { id: number; name: string }>('SELECT id, name FROM items WHERE album_id = ?').all(src.id);
  const upd = f.lib.db.prepare('UPDATE items SET album_id = ?, name = ? WHERE id = ?');
  const from = path.join(f.photoRoot, `${name}Src`);
  const to = path.join(f.photoRoot, `${name}Dst`);
  const commit = () =>
    f.lib.db.transaction(() => {
      for (const r of rows) upd.run(dest.id, r.name, r.id);
    })();
  return { rows, from, to, commit };
}

/**
 * The raw floor of a move as bench:move measured it first: one awaited `fs.promises.rename` per
 * file and one better-sqlite3 transaction updating the same rows, no journal, no checks. Each
 * rename pays a thread-pool round trip, so this floor is inflated (#19 item 6). Answers ms.
 */
export async function baseline(f: OpsFixture, n: number): Promise<number> {
  const { rows, from, to, commit } = fixture(f, 'Base', n);
  const t = performance.now();
  for (const r of rows) await rename(path.join(from, r.name), path.join(to, r.name));
  commit();
  return performance.now() - t;
}

/**
 * The physical floor (#19 item 6): `fs.renameSync` in a loop and one transaction updating the same
 * rows. With `flush` it pays what durability costs the server too (SPEC §20): an fsync of both
 * folders, and one of the index log after the commit.
 * It blocks the event loop for the whole move: a floor, not a way to serve. Answers ms.
 */
export function floor(f: OpsFixture, n: number, flush: boolean): number {
  const { rows, from, to, commit } = fixture(f, flush ? 'Durable' : 'Floor', n);
  const t = performance.now();
  for (const r of rows) renameSync(path.join(from, r.name), path.join(to, r.name));
  if (flush) {
    fsyncPathSync(from);
    fsyncPathSync(to);
  }
  commit();
  if (flush) fsyncPathSync(`${f.lib.config.dbPath}-wal`);
  return performance.now() - t;
}
