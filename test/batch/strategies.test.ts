import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { albumId } from '../../src/library/ids.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { BATCH, photo } from '../helpers/batch.ts';

type Op = { from: string; to: string; name?: string; duplicate?: string };

describe('Batch name clashes, partial answers and rights (SPEC §9, §12)', function () {
  this.timeout(30_000);
  let f: OpsFixture;
  beforeEach(async () => {
    f = await OpsFixture.start();
  });
  afterEach(async () => {
    expect(f.indexVsDisk(), 'index = disk').to.deep.equal([]);
    await f.stop();
  });

  const run = async (method: string, ops: Op[], sid?: string) => {
    const r = await f.call(BATCH, method, { operations: JSON.stringify(ops) }, sid);
    expect(r.success, JSON.stringify(r)).to.equal(true);
    return r.data as { status: number; items: { id: string; status: number; new_id: string | null; path: string | null; error: number | null }[] };
  };
  const content = (rel: string) => readFileSync(path.join(f.photoRoot, rel), 'utf8');

  describe('an item meets a file of its name', () => {
    beforeEach(() => {
      f.photo('S', 'a.jpg', {}, 'source');
      f.photo('D', 'a.jpg', {}, 'existing');
    });

    for (const strategy of ['ask', 'ignore']) {
      it(`${strategy}: nothing happens to it, 409 with 604`, async () => {
        const a = await run('move', [{ from: photo('S', 'a.jpg'), to: albumId('D'), duplicate: strategy }]);
        expect(a).to.deep.equal({ status: 207, items: [{ id: photo('S', 'a.jpg'), status: 409, new_id: null, path: null, error: 604 }] });
        expect(content('S/a.jpg')).to.equal('source');
        expect(content('D/a.jpg')).to.equal('existing');
      });
    }

    it('rename: it takes `a (1).jpg`, 200 with the new path', async () => {
      const a = await run('move', [{ from: photo('S', 'a.jpg'), to: albumId('D'), duplicate: 'rename' }]);
      expect(a.items[0]).to.deep.equal({ id: photo('S', 'a.jpg'), status: 200, new_id: photo('D', 'a (1).jpg'), path: 'D/a (1).jpg', error: null });
      expect(content('D/a (1).jpg')).to.equal('source');
      expect(content('D/a.jpg')).to.equal('existing');
      expect(f.exists('S/a.jpg')).to.equal(false);
    });

    it('overwrite: it replaces the file, 204, the old one in the trash', async () => {
      const a = await run('move', [{ from: photo('S', 'a.jpg'), to: albumId('D'), duplicate: 'overwrite' }]);
      expect(a.items[0]).to.include({ status: 204, new_id: photo('D', 'a.jpg'), path: 'D/a.jpg' });
      expect(content('D/a.jpg')).to.equal('source');
      expect(f.lib.db.prepare('SELECT path, reason FROM trash').all()).to.deep.equal([{ path: 'D/a.jpg', reason: 'overwrite' }]);
    });

    it('copy with rename keeps the source and adds `a (1).jpg`', async () => {
      const a = await run('copy', [{ from: photo('S', 'a.jpg'), to: albumId('D') }]);
      expect(a.items[0]).to.include({ status: 200, path: 'D/a (1).jpg' });
      expect(content('S/a.jpg')).to.equal('source');
      expect(content('D/a (1).jpg')).to.equal('source');
    });

    it('ask with no clash: done, 204', async () => {
      f.album('E');
      const a = await run('move', [{ from: photo('S', 'a.jpg'), to: albumId('E'), duplicate: 'ask' }]);
      expect(a).to.deep.equal({ status: 200, items: [{ id: photo('S', 'a.jpg'), status: 204, new_id: photo('E', 'a.jpg'), path: 'E/a.jpg', error: null }] });
    });
  });

  describe('an album meets an album of its name', () => {
    beforeEach(() => {
      f.photo('S/A', 'one.jpg', {}, 'src-one');
      f.photo('S/A', 'both.jpg', {}, 'src-both');
      f.photo('S/A/Inner', 'in.jpg');
      f.photo('D/A', 'both.jpg', {}, 'dst-both');
      f.photo('D/A', 'kept.jpg', {}, 'dst-kept');
    });

    for (const strategy of ['ask', 'ignore']) {
      it(`${strategy}: nothing happens to it, 409 with 604`, async () => {
        const a = await run('move', [{ from: albumId('S/A'), to: albumId('D'), duplicate: strategy }]);
        expect(a.items[0]).to.deep.equal({ id: albumId('S/A'), status: 409, new_id: null, path: null, error: 604 });
        expect(f.hasItem('S/A/one.jpg') && !f.exists('D/A/one.jpg')).to.equal(true);
      });
    }

    it('rename: it becomes `A (1)`, 200', async () => {
      const a = await run('move', [{ from: albumId('S/A'), to: albumId('D'), duplicate: 'rename' }]);
      expect(a.items[0]).to.deep.equal({ id: albumId('S/A'), status: 200, new_id: albumId('D/A (1)'), path: 'D/A (1)', error: null });
      expect(f.hasItem('D/A (1)/one.jpg') && f.hasItem('D/A (1)/Inner/in.jpg')).to.equal(true);
      expect(f.exists('S/A')).to.equal(false);
    });

    it('overwrite: the albums merge, clashing files replaced, the emptied source gone, 204', async () => {
      const a = await run('move', [{ from: albumId('S/A'), to: albumId('D'), duplicate: 'overwrite' }]);
      expect(a.items[0]).to.deep.equal({ id: albumId('S/A'), status: 204, new_id: albumId('D/A'), path: 'D/A', error: null });
      expect(content('D/A/both.jpg')).to.equal('src-both');
      expect(content('D/A/kept.jpg')).to.equal('dst-kept');
      expect(content('D/A/one.jpg')).to.equal('src-one');
      expect(f.hasItem('D/A/Inner/in.jpg')).to.equal(true);
      expect(f.exists('S/A')).to.equal(false);
      expect(f.lib.db.prepare("SELECT path FROM trash WHERE reason = 'overwrite' AND type = 'photo'").pluck().all()).to.deep.equal(['D/A/both.jpg']);
    });

    it('copy: a fresh copy of the whole subtree with its titles, the source untouched', async () => {
      f.lib.db.prepare("UPDATE albums SET title = 'Holiday' WHERE path = 'S/A'").run();
      f.album('E');
      const a = await run('copy', [{ from: albumId('S/A'), to: albumId('E') }]);
      expect(a.items[0]).to.include({ status: 204, new_id: albumId('E/A'), path: 'E/A' });
      expect(content('E/A/one.jpg')).to.equal('src-one');
      expect(f.hasItem('E/A/Inner/in.jpg') && f.hasItem('S/A/Inner/in.jpg')).to.equal(true);
      expect(f.lib.albums.byPath('E/A')?.title).to.equal('Holiday');
    });

    it('copy with rename: `A (1)` next to the existing album', async () => {
      const a = await run('copy', [{ from: albumId('S/A'), to: albumId('D') }]);
      expect(a.items[0]).to.include({ status: 200, path: 'D/A (1)' });
      expect(f.hasItem('D/A (1)/both.jpg') && f.hasItem('D/A/kept.jpg') && f.hasItem('S/A/one.jpg')).to.equal(true);
      expect(content('D/A/both.jpg')).to.equal('dst-both');
    });

    it('copy with overwrite: merged into the existing album, clashing files replaced', async () => {
      const a = await run('copy', [{ from: albumId('S/A'), to: albumId('D'), duplicate: 'overwrite' }]);
      expect(a.items[0]).to.include({ status: 204, path: 'D/A' });
      expect(content('D/A/both.jpg')).to.equal('src-both');
      expect(content('D/A/kept.jpg')).to.equal('dst-kept');
      expect(content('S/A/both.jpg')).to.equal('src-both');
      expect(f.hasItem('D/A/Inner/in.jpg')).to.equal(true);
    });
  });

  describe('an album moved into itself', () => {
    it('answers 409 with 425 for the album itself and for a descendant, and nothing moves', async () => {
      f.photo('A/B', 'x.jpg');
      const a = await run('move', [
        { from: albumId('A'), to: albumId('A') },
        { from: albumId('A'), to: albumId('A/B') },
      ]);
      expect(a.status).to.equal(207);
      expect(a.items.map((i) => [i.status, i.error])).to.deep.equal([
        [409, 425],
        [409, 425],
      ]);
      expect(f.hasItem('A/B/x.jpg')).to.equal(true);
    });
  });

  describe('an album and an item of the same name', () => {
    beforeEach(() => {
      f.photo('S', 'x.jpg', {}, 'item');
      f.photo('S/y.jpg', 'inside.jpg'); // an album whose name looks like a file
      f.album('D/x.jpg'); // an album where the item would go
      f.photo('D', 'y.jpg', {}, 'item-y'); // an item where the album would go
    });

    for (const strategy of ['overwrite', 'ask', 'ignore']) {
      it(`${strategy}: neither replaces the other, 409`, async () => {
        const a = await run('move', [
          { from: photo('S', 'x.jpg'), to: albumId('D'), duplicate: strategy },
          { from: albumId('S/y.jpg'), to: albumId('D'), duplicate: strategy },
        ]);
        expect(a.items.map((i) => [i.status, i.error])).to.deep.equal([
          [409, 604],
          [409, 604],
        ]);
        expect(content('S/x.jpg')).to.equal('item');
        expect(content('D/y.jpg')).to.equal('item-y');
        expect(f.hasItem('S/y.jpg/inside.jpg')).to.equal(true);
      });
    }
  });

  describe('a request where some sources cannot be done', () => {
    it('answers 207 with a status per source: done, missing source, missing destination', async () => {
      f.photo('S', 'a.jpg');
      f.album('D');
      const a = await run('move', [
        { from: photo('S', 'a.jpg'), to: albumId('D') },
        { from: photo('S', 'missing.jpg'), to: albumId('D') },
        { from: albumId('Nope'), to: albumId('D') },
        { from: photo('S', 'a.jpg'), to: albumId('Nowhere') },
      ]);
      expect(a.status).to.equal(207);
      expect(a.items.map((i) => i.status)).to.deep.equal([204, 404, 404, 404]);
      expect(a.items.slice(1).every((i) => i.error !== null && i.new_id === null)).to.equal(true);
      expect(f.hasItem('D/a.jpg')).to.equal(true);
    });
  });

  describe('rights', () => {
    beforeEach(() => {
      f.photo('S', 'a.jpg');
      f.photo('S/A', 'b.jpg');
      f.album('D');
    });

    it('a user with browse only on the sources gets 403 per source for a move, and nothing moves', async () => {
      const sid = await f.user('viewer', { S: { browse: true }, D: { browse: true, upload: true } });
      const a = await run(
        'move',
        [
          { from: photo('S', 'a.jpg'), to: albumId('D') },
          { from: albumId('S/A'), to: albumId('D') },
        ],
        sid,
      );
      expect(a.status).to.equal(207);
      expect(a.items.map((i) => i.status)).to.deep.equal([403, 403]);
      expect(f.hasItem('S/a.jpg') && f.hasItem('S/A/b.jpg') && !f.exists('D/a.jpg') && !f.exists('D/A')).to.equal(true);
    });

    it('a user without upload on the destination gets 403 for a copy', async () => {
      const sid = await f.user('nouploader', { S: { browse: true }, D: { browse: true } });
      const a = await run('copy', [{ from: photo('S', 'a.jpg'), to: albumId('D') }], sid);
      expect(a.items[0]).to.include({ status: 403 });
      expect(f.exists('D/a.jpg')).to.equal(false);
    });

    it('a user without manage gets 403 for a delete, and nothing is deleted', async () => {
      const sid = await f.user('nomanager', { S: { browse: true, upload: true } });
      const r = await f.call(BATCH, 'delete', { id: [photo('S', 'a.jpg'), albumId('S/A')].join(',') }, sid);
      expect(r.data.items.map((i: { status: number }) => i.status)).to.deep.equal([403, 403]);
      expect(r.data.deleted).to.deep.equal([]);
      expect(f.trashCount()).to.equal(0);
    });

    it('a user with manage on the sources and upload on the destination moves them', async () => {
      const sid = await f.user('manager', { S: { browse: true, manage: true }, D: { upload: true } });
      const a = await run(
        'move',
        [
          { from: photo('S', 'a.jpg'), to: albumId('D') },
          { from: albumId('S/A'), to: albumId('D') },
        ],
        sid,
      );
      expect(a.status).to.equal(200);
      expect(f.hasItem('D/a.jpg') && f.hasItem('D/A/b.jpg')).to.equal(true);
    });

    it('a user with upload but not manage on the destination cannot overwrite there (403)', async () => {
      f.photo('D', 'a.jpg', {}, 'existing');
      const sid = await f.user('uploader', { S: { browse: true, manage: true }, D: { upload: true } });
      const a = await run('move', [{ from: photo('S', 'a.jpg'), to: albumId('D'), duplicate: 'overwrite' }], sid);
      expect(a.items[0]).to.include({ status: 403 });
      expect(content('D/a.jpg')).to.equal('existing');
    });
  });
});
