import { expect } from 'chai';
import { mkdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startStation } from './helpers/browse.ts';
import type { TestStation } from './helpers/browse.ts';

interface Row {
  name: string;
  size: number;
  mtime: number;
  kind: string;
  meta_pending: number;
}

/** 2 full multi-row INSERTs of 50 and 23 single ones in one folder, and 3 nested folders. */
const FILES = 123;
const name = (i: number) => `img${String(i).padStart(3, '0')}.${i % 10 === 0 ? 'mp4' : 'jpg'}`;

describe('The structural pass over a folder of more files than one INSERT carries', () => {
  let t: TestStation;
  const rows = (albumPath: string): Row[] =>
    t.station.services.db
      .prepare('SELECT i.name, i.size, i.mtime, i.kind, i.meta_pending FROM items i JOIN albums a ON a.id = i.album_id WHERE a.path = ? ORDER BY i.name')
      .all(albumPath) as Row[];
  before(async () => {
    t = await startStation({}, (root) => {
      mkdirSync(path.join(root, 'Many', 'A', 'B'), { recursive: true });
      // Written in reverse, so the folder's order on disk is not the name order.
      for (let i = FILES - 1; i >= 0; i--) writeFileSync(path.join(root, 'Many', name(i)), 'x'.repeat(i + 1));
      writeFileSync(path.join(root, 'Many', 'A', 'B', 'deep.jpg'), 'deep');
    });
  });
  after(() => t.close());

  it('indexes every file once, with its own size, mtime and kind', () => {
    const got = rows('Many');
    expect(got.map((r) => r.name)).to.deep.equal(Array.from({ length: FILES }, (_, i) => name(i)));
    for (const [i, r] of got.entries()) {
      const st = statSync(path.join(t.root, 'Many', r.name));
      expect([r.size, r.mtime, r.kind]).to.deep.equal([i + 1, Math.trunc(st.mtimeMs), i % 10 === 0 ? 'video' : 'photo']);
    }
    expect(rows('Many/A/B').map((r) => r.name)).to.deep.equal(['deep.jpg']);
  });

  describe('after files in it change, vanish and appear on disk', () => {
    let report: Awaited<ReturnType<TestStation['station']['services']['scanner']['scan']>>;
    before(async () => {
      const dir = path.join(t.root, 'Many');
      writeFileSync(path.join(dir, name(7)), 'longer content than before');
      utimesSync(path.join(dir, name(61)), new Date('2001-02-03T04:05:06Z'), new Date('2001-02-03T04:05:06Z')); // same size, other mtime
      rmSync(path.join(dir, name(99)));
      rmSync(path.join(dir, 'A'), { recursive: true });
      writeFileSync(path.join(dir, 'zz-new.jpg'), 'new');
      report = await t.station.services.scanner.scan({ structureOnly: true });
    });

    it('records the new size and mtime of the changed files and marks them to be read again', () => {
      const byName = new Map(rows('Many').map((r) => [r.name, r]));
      expect(byName.get(name(7))).to.include({ size: 'longer content than before'.length, meta_pending: 1 });
      expect(byName.get(name(61))).to.include({ size: 62, mtime: Date.parse('2001-02-03T04:05:06Z'), meta_pending: 1 });
      expect(byName.get(name(8))).to.include({ meta_pending: 0 });
    });

    it('drops the vanished file and folders, and adds the new file', () => {
      const names = rows('Many').map((r) => r.name);
      expect(names).not.to.include(name(99));
      expect(names).to.include('zz-new.jpg');
      expect(names).to.have.length(FILES);
      expect(t.station.services.library.albums.byPath('Many/A')).to.equal(undefined);
      expect(t.station.services.library.albums.byPath('Many/A/B')).to.equal(undefined);
    });

    it('reports exactly those', () => {
      expect(report.structure).to.include({ changed: 2, removed: 1, added: 1, albumsRemoved: 1, albumsAdded: 0 });
    });
  });
});
