import { expect } from 'chai';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { albumId, itemId } from '../../src/library/ids.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';

const ALBUM = 'SYNO.PhotoStation.Album';

describe('Album.move', () => {
  let f: OpsFixture;
  beforeEach(async () => {
    f = await OpsFixture.start();
  });
  afterEach(async () => {
    await f.stop();
  });

  describe('with a plain source and a free destination name', () => {
    it('renames the folder, moves the index rows and reports the new id', async () => {
      f.photo('A/B', 'x.jpg', { title: 'kept' });
      f.photo('A/B/C', 'y.jpg');
      f.album('D');
      const r = await f.call(ALBUM, 'move', { id: albumId('A/B'), sharepath: albumId('D'), duplicate: 'ignore' });
      expect(r).to.deep.equal({ success: true, data: { items: [{ id: albumId('A/B'), status: 204, new_id: albumId('D/B'), error: null }] } });
      expect(f.exists('A/B')).to.equal(false);
      expect(f.exists('D/B/C/y.jpg')).to.equal(true);
      expect(f.hasItem('D/B/x.jpg')).to.equal(true);
      expect(f.lib.items.get(f.lib.albums.byPath('D/B')!.id, 'x.jpg')!.title).to.equal('kept');
      expect(f.lib.albums.byPath('D/B/C')!.depth).to.equal(3);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });

    it('moves to the root when sharepath is empty', async () => {
      f.photo('A/B', 'x.jpg');
      const r = await f.call(ALBUM, 'move', { id: albumId('A/B'), sharepath: '', duplicate: 'ignore' });
      expect(r.success).to.equal(true);
      expect(f.exists('B/x.jpg')).to.equal(true);
      expect(f.lib.albums.byPath('B')!.depth).to.equal(1);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });
  });

  describe('with a source already directly under the destination', () => {
    it('leaves it alone', async () => {
      f.photo('D/B', 'x.jpg');
      const r = await f.call(ALBUM, 'move', { id: albumId('D/B'), sharepath: albumId('D'), duplicate: 'overwrite' });
      expect(r.data.items).to.deep.equal([{ id: albumId('D/B'), status: 204, new_id: albumId('D/B'), error: null }]);
      expect(f.exists('D/B/x.jpg')).to.equal(true);
      expect(f.trashCount()).to.equal(0);
    });
  });

  describe('with sources listed twice or nested in another source', () => {
    it('moves each once, with its ancestor', async () => {
      f.photo('A', 'a.jpg');
      f.photo('A/N', 'n.jpg');
      f.album('D');
      const ids = [albumId('A'), albumId('A/N'), albumId('A')].join(',');
      const r = await f.call(ALBUM, 'move', { id: ids, sharepath: albumId('D'), duplicate: 'ignore' });
      expect(r.data.items).to.deep.equal([
        { id: albumId('A'), status: 204, new_id: albumId('D/A'), error: null },
        { id: albumId('A/N'), status: 204, new_id: albumId('D/A/N'), error: null },
      ]);
      expect(f.exists('D/A/N/n.jpg')).to.equal(true);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });
  });

  describe('when the destination has an album of the same name', () => {
    beforeEach(() => {
      f.photo('S/T', 'same.jpg', {}, 'new');
      f.photo('S/T', 'only-src.jpg');
      f.photo('S/T/Sub', 's.jpg');
      f.photo('D/T', 'same.jpg', {}, 'old');
      f.photo('D/T/Sub', 'd.jpg');
    });

    it('skips it with duplicate other than overwrite and reports data.skip', async () => {
      const r = await f.call(ALBUM, 'move', { id: albumId('S/T'), sharepath: albumId('D'), duplicate: 'ignore' });
      expect(r.data.skip).to.deep.equal([albumId('S/T')]);
      expect(r.data.items[0]).to.include({ status: 409 });
      expect(f.exists('S/T/only-src.jpg')).to.equal(true);
      expect(f.exists('D/T/only-src.jpg')).to.equal(false);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });

    it('merges recursively with overwrite, replaced files going to the trash', async () => {
      const r = await f.call(ALBUM, 'move', { id: albumId('S/T'), sharepath: albumId('D'), duplicate: 'overwrite' });
      expect(r.success).to.equal(true);
      expect(r.data.skip).to.equal(undefined);
      expect(f.exists('S/T')).to.equal(false);
      for (const p of ['D/T/same.jpg', 'D/T/only-src.jpg', 'D/T/Sub/s.jpg', 'D/T/Sub/d.jpg']) expect(f.exists(p), p).to.equal(true);
      expect(f.trashCount()).to.equal(1);
      const entry = f.lib.db.prepare('SELECT path, reason FROM trash').get();
      expect(entry).to.deep.equal({ path: 'D/T/same.jpg', reason: 'overwrite' });
      expect(f.indexVsDisk()).to.deep.equal([]);
    });
  });

  describe('when an item of the destination has the album name', () => {
    it('skips the album even with overwrite', async () => {
      f.photo('S/x.jpg', 'in.jpg');
      f.photo('D', 'x.jpg');
      const r = await f.call(ALBUM, 'move', { id: albumId('S/x.jpg'), sharepath: albumId('D'), duplicate: 'overwrite' });
      expect(r.data.skip).to.deep.equal([albumId('S/x.jpg')]);
      expect(f.exists('S/x.jpg/in.jpg')).to.equal(true);
      expect(f.hasItem('D/x.jpg')).to.equal(true);
      expect(f.trashCount()).to.equal(0);
    });

    it('skips the clashing child of a merge and keeps the source album', async () => {
      f.photo('S/T/clash', 'c.jpg');
      f.photo('S/T', 'ok.jpg');
      f.album('D/T');
      writeFileSync(path.join(f.photoRoot, 'D/T/clash'), 'a file, not an item');
      const r = await f.call(ALBUM, 'move', { id: albumId('S/T'), sharepath: albumId('D'), duplicate: 'overwrite' });
      expect(r.data.skip).to.include(albumId('S/T/clash'));
      expect(f.exists('D/T/ok.jpg')).to.equal(true);
      expect(f.exists('S/T/clash/c.jpg')).to.equal(true);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });
  });

  describe('refused requests change nothing', () => {
    let before: string[];
    let user: string;
    beforeEach(async () => {
      f.photo('A/B', 'x.jpg');
      f.photo('D', 'd.jpg');
      f.album('Ro');
      mkdirSync(path.join(f.photoRoot, 'Unindexed'));
      user = await f.user('bob', { A: { browse: true, manage: true }, Ro: { browse: true } });
      before = f.hashes();
    });
    const cases: [string, () => Record<string, string>, number, boolean?][] = [
      ['id missing', () => ({ sharepath: albumId('D'), duplicate: 'ignore' }), 101],
      ['an id that is not an album id', () => ({ id: `${albumId('A/B')},${itemId('D', 'd.jpg', 'photo')}`, sharepath: albumId('D'), duplicate: 'ignore' }), 101],
      ['a source that does not exist', () => ({ id: albumId('Nope'), sharepath: albumId('D'), duplicate: 'ignore' }), 101],
      ['sharepath missing', () => ({ id: albumId('A/B'), duplicate: 'ignore' }), 101],
      ['sharepath not an album', () => ({ id: albumId('A/B'), sharepath: albumId('Nope') }), 456],
      ['sharepath a folder the index does not know', () => ({ id: albumId('A/B'), sharepath: albumId('Unindexed'), duplicate: 'ignore' }), 456],
      ['duplicate missing', () => ({ id: albumId('A/B'), sharepath: albumId('D') }), 101],
      ['the destination itself', () => ({ id: albumId('D'), sharepath: albumId('D'), duplicate: 'ignore' }), 425],
      ['an ancestor of the destination', () => ({ id: albumId('A'), sharepath: albumId('A/B'), duplicate: 'ignore' }), 425],
      ['no upload right on the destination', () => ({ id: albumId('A/B'), sharepath: albumId('Ro'), duplicate: 'ignore' }), 419, true],
      ['no manage right on a source', () => ({ id: albumId('D'), sharepath: albumId('A'), duplicate: 'ignore' }), 419, true],
    ];
    for (const [name, params, code, asUser] of cases) {
      it(`answers ${code} for ${name}`, async () => {
        const r = await f.call(ALBUM, 'move', params(), asUser ? user : f.adminSid);
        expect(r).to.deep.equal({ success: false, error: { code } });
        expect(f.hashes()).to.deep.equal(before);
        expect(f.exists('A/B/x.jpg') && f.exists('D/d.jpg')).to.equal(true);
        expect(f.indexVsDisk()).to.deep.equal(['folder without row: Unindexed']);
      });
    }
  });
});
