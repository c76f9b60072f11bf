import { rename } from 'node:fs/promises';
import path from 'node:path';
import type { OpsFixture } from '../test/helpers/ops-fixture.ts';

/**
 * The raw floor of a move (bench:move, bench:batch): one `fs.promises.rename` per file and one
 * better-sqlite3 transaction updating the same rows, no journal, no checks. Answers ms.
 */
export async function baseline(f: OpsFixture, n: number): Promise<number> {
  f.bulk('BaseSrc', n, 1);
  const dest = f.album('BaseDst');
  const src = f.lib.albums.byPath('BaseSrc')!;
  const rows = f.lib.db.prepare<[number], { id: number; name: string }>('SELECT id, name FROM items WHERE album_id = ?').all(src.id);
  const upd = f.lib.db.prepare('UPDATE items SET album_id = ?, name = ? WHERE id = ?');
  const t = performance.now();
  for (const r of rows) await rename(path.join(f.photoRoot, 'BaseSrc', r.name), path.join(f.photoRoot, 'BaseDst', r.name));
  f.lib.db.transaction(() => {
    for (const r of rows) upd.run(dest.id, r.name, r.id);
  })();
  return performance.now() - t;
}
