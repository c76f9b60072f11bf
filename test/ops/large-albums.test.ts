import { expect } from 'chai';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DomainError } from '../../src/errors.ts';
import { albumId, itemId } from '../../src/library/ids.ts';
import { findItems } from '../../src/ops/item-copy.ts';
import { FolderNames } from '../../src/ops/names.ts';
import { longestTurn } from '../helpers/loop.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';

/**
 * A folder of 100 000 photos (SPEC §10: no stall over 50 ms, even for 100 000 items). The ids of a
 * move were looked up by reading every row of their album at once, and the folders' names by one
 * readdir: over 100 ms each for such an album, whether 3 of its photos moved or all of them.
 */
describe('an album of 100 000 photos', function () {
  this.timeout(120_000);
  const PHOTOS = 100_000;
  const name = (i: number) => `p${String(i).padStart(6, '0')}.jpg`;

  describe('its items found for a move (index rows only)', () => {
    let f: OpsFixture;
    before(async () => {
      f = await OpsFixture.start();
      const album = f.album('Huge');
      const ins = f.lib.db.prepare(`INSERT INTO items (album_id, name, kind, size, mtime, created_at, taken_at) VALUES (?, ?, 'photo', 10, 0, 0, 0)`);
      f.lib.db.transaction(() => {
        for (let i = 0; i < PHOTOS; i++) ins.run(album.id, name(i));
      })();
    });
    after(() => f.stop());

    const rowOf = (n: string) =>
      f.lib.db.prepare('SELECT items.id FROM items JOIN albums ON albums.id = album_id WHERE albums.path = ? AND items.name = ?').pluck().get('Huge', n) as number;

    it('three of them: their rows, without a turn over 50 ms', async () => {
      const names = [name(99_999), name(0), name(50_000)];
      const ids = names.map((n) => itemId('Huge', n, 'photo'));
      const { value, longest } = await longestTurn(() => findItems(f.station.services.ops.engine, ids));
      expect(value.map((s) => [s.id, s.ref.name, s.row])).to.deep.equal(names.map((n, i) => [ids[i], n, rowOf(n)]));
      expect(longest, 'longest turn, ms').to.be.below(50);
    });

    it('all of them, each once and in the order given, without a turn over 50 ms', async () => {
      const order = Array.from({ length: PHOTOS }, (_, i) => (i * 7919) % PHOTOS);
      const ids = order.map((i) => itemId('Huge', name(i), 'photo'));
      // Given twice: found once.
      ids.push(ids[5] as string);
      const { value, longest } = await longestTurn(() => findItems(f.station.services.ops.engine, ids));
      expect(value).to.have.length(PHOTOS);
      expect(value.map((s) => s.ref.name)).to.deep.equal(order.map(name));
      const rows = new Map((f.lib.db.prepare('SELECT name, id FROM items').raw().all() as [string, number][]).map(([n, id]) => [n, id]));
      expect(value.every((s) => s.row === rows.get(s.ref.name))).to.equal(true);
      expect(longest, 'longest turn, ms').to.be.below(50);
    });

    it('judges the ids in order: a missing item before a malformed id is not found, after it the call is malformed', async () => {
      const missing = itemId('Huge', 'nope.jpg', 'photo');
      const present = itemId('Huge', name(1), 'photo');
      const reason = async (ids: string[]) => {
        try {
          await findItems(f.station.services.ops.engine, ids);
          return 'found';
        } catch (error) {
          return error instanceof DomainError ? error.reason : String(error);
        }
      };
      expect(await reason([present, missing, 'photo_zz'])).to.equal('not-found');
      expect(await reason([present, 'photo_zz', missing])).to.equal('bad-input');
      // An id of the 501st and later slices is judged the same way.
      const many = Array.from({ length: 700 }, (_, i) => itemId('Huge', name(i), 'photo'));
      expect(await reason([...many, 'photo_zz', missing])).to.equal('bad-input');
      expect(await reason([...many, missing, 'photo_zz'])).to.equal('not-found');
    });

    it('hands each missing item of an existing album to `absent`, in order, and finds the others', async () => {
      const ids = [itemId('Huge', 'a.jpg', 'photo'), itemId('Huge', name(3), 'photo'), itemId('Huge', 'b.jpg', 'photo')];
      const gone: string[] = [];
      const found = await findItems(f.station.services.ops.engine, ids, (_id, _album, n) => gone.push(n));
      expect(gone).to.deep.equal(['a.jpg', 'b.jpg']);
      expect(found.map((s) => s.ref.name)).to.deep.equal([name(3)]);
    });
  });

  describe('its folder read for the names a move may take', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'ps-names-'));
      for (let i = 0; i < PHOTOS; i++) closeSync(openSync(path.join(dir, name(i)), 'w'));
      mkdirSync(path.join(dir, 'Sub'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('every name, files and folders told apart, without a turn over 50 ms', async () => {
      const names = new FolderNames((rel) => path.join(dir, rel));
      const { value, longest } = await longestTurn(() => names.of(''));
      expect(value.size).to.equal(PHOTOS + 1);
      expect(value.get(name(PHOTOS - 1))).to.equal('file');
      expect(value.get('Sub')).to.equal('dir');
      expect(names.known(''), 'kept for the planner').to.equal(value);
      expect(longest, 'longest turn, ms').to.be.below(50);
    });

    it('read once for two planners asking at the same time', async () => {
      const names = new FolderNames((rel) => path.join(dir, rel));
      const [a, b] = await Promise.all([names.of(''), names.of('')]);
      expect(a).to.equal(b);
      expect(await names.of('missing')).to.deep.equal(new Map());
    });
  });
});

describe('an album merge of more items than one page of the index', function () {
  this.timeout(60_000);

  it('moves each item once and replaces the clashing ones; the index equals the disk', async () => {
    const f = await OpsFixture.start();
    try {
      f.bulk('S', 2_500, 1);
      // The destination already holds the album, with three of its names.
      f.album('D');
      f.photo('D/S', 'p0.jpg');
      f.photo('D/S', 'p1234.jpg');
      f.photo('D/S', 'p2499.jpg');
      const r = await f.call('SYNO.PhotoStation.Album', 'move', { id: albumId('S'), sharepath: albumId('D'), duplicate: 'overwrite' });
      expect(r.success, JSON.stringify(r)).to.equal(true);
      expect(f.exists('S')).to.equal(false);
      for (const i of [0, 999, 1000, 1234, 2000, 2499]) expect(readFileSync(path.join(f.photoRoot, `D/S/p${i}.jpg`), 'utf8'), `p${i}`).to.equal(`p${i}-S`);
      expect(f.lib.db.prepare("SELECT count(*) FROM items JOIN albums ON albums.id = album_id WHERE albums.path = 'D/S'").pluck().get()).to.equal(2_500);
      expect(f.trashCount()).to.equal(3);
      expect(f.indexVsDisk()).to.deep.equal([]);
    } finally {
      await f.stop();
    }
  });
});
