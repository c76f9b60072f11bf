import { expect } from 'chai';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { albumId, itemId } from '../../src/library/ids.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';

const PHOTO = 'SYNO.PhotoStation.Photo';
const pid = (album: string, name: string) => itemId(album, name, 'photo');

describe('Photo.copy and Photo.delete', () => {
  let f: OpsFixture;
  beforeEach(async () => {
    f = await OpsFixture.start();
    f.photo('S', 'a.jpg', { title: 'T', rating: 4, lat: 48.1, lng: 11.5 }, 'src-a');
    f.photo('S', 'b.jpg', {}, 'src-b');
    f.photo('D', 'a.jpg', {}, 'dst-a');
  });
  afterEach(async () => {
    await f.stop();
  });

  describe('mode=copy', () => {
    it('copies file and metadata under the same name when it is free', async () => {
      const r = await f.call(PHOTO, 'copy', { id: pid('S', 'b.jpg'), sharepath: albumId('D'), mode: 'copy', duplicate: 'ignore' });
      expect(r.data.items).to.deep.equal([{ id: pid('S', 'b.jpg'), status: 204, new_id: pid('D', 'b.jpg'), error: null }]);
      expect(readFileSync(path.join(f.photoRoot, 'D/b.jpg'), 'utf8')).to.equal('src-b');
      expect(f.exists('S/b.jpg')).to.equal(true);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });

    it('with rename takes the first free name and keeps title, rating and position', async () => {
      f.photo('D', 'a (1).jpg');
      const r = await f.call(PHOTO, 'copy', { id: pid('S', 'a.jpg'), sharepath: albumId('D'), mode: 'copy', duplicate: 'rename' });
      expect(r.data.items).to.deep.equal([{ id: pid('S', 'a.jpg'), status: 200, new_id: pid('D', 'a (2).jpg'), error: null }]);
      const row = f.lib.items.get(f.lib.albums.byPath('D')!.id, 'a (2).jpg')!;
      expect([row.title, row.rating, row.lat, row.lng, row.taken_at]).to.deep.equal(['T', 4, 48.1, 11.5, 1_500_000_000_000]);
      expect(readFileSync(path.join(f.photoRoot, 'D/a (2).jpg'), 'utf8')).to.equal('src-a');
      expect(f.temporaries()).to.deep.equal([]);
    });

    it('with rename into its own album makes a numbered copy', async () => {
      const r = await f.call(PHOTO, 'copy', { id: pid('S', 'a.jpg'), sharepath: albumId('S'), mode: 'copy', duplicate: 'rename' });
      expect(r.data.items[0].new_id).to.equal(pid('S', 'a (1).jpg'));
      expect(f.indexVsDisk()).to.deep.equal([]);
    });

    it('with ignore skips the clash (409) and changes nothing', async () => {
      const r = await f.call(PHOTO, 'copy', { id: pid('S', 'a.jpg'), sharepath: albumId('D'), mode: 'copy', duplicate: 'ignore' });
      expect(r.data.items).to.deep.equal([{ id: pid('S', 'a.jpg'), status: 409, new_id: null, error: 604 }]);
      expect(readFileSync(path.join(f.photoRoot, 'D/a.jpg'), 'utf8')).to.equal('dst-a');
    });

    it('with overwrite replaces the file and sends the old one to the trash', async () => {
      const r = await f.call(PHOTO, 'copy', { id: pid('S', 'a.jpg'), sharepath: albumId('D'), mode: 'copy', duplicate: 'overwrite' });
      expect(r.data.items[0]).to.include({ status: 204, new_id: pid('D', 'a.jpg') });
      expect(readFileSync(path.join(f.photoRoot, 'D/a.jpg'), 'utf8')).to.equal('src-a');
      expect(f.lib.items.get(f.lib.albums.byPath('D')!.id, 'a.jpg')!.title).to.equal('T');
      const list = await f.call('SYNO.PhotoStation.Trash', 'list', {});
      expect(list.data.items.map((e: { path: string; reason: string }) => [e.path, e.reason])).to.deep.equal([['D/a.jpg', 'overwrite']]);
      expect(f.hashes().length).to.equal(4);
    });

    it('with overwrite never replaces an album of that name', async () => {
      mkdirSync(path.join(f.photoRoot, 'D'), { recursive: true });
      f.album('D/b.jpg');
      const r = await f.call(PHOTO, 'copy', { id: pid('S', 'b.jpg'), sharepath: albumId('D'), mode: 'copy', duplicate: 'overwrite' });
      expect(r.data.items[0]).to.include({ status: 409 });
      expect(f.lib.albums.byPath('D/b.jpg')).to.not.equal(undefined);
    });
  });

  describe('mode=move', () => {
    it('moves the file and its row, reporting new ids', async () => {
      const r = await f.call(PHOTO, 'copy', { id: `${pid('S', 'a.jpg')},${pid('S', 'b.jpg')}`, sharepath: albumId('D'), mode: 'move', duplicate: 'rename' });
      expect(r.data.items.map((i: { new_id: string; status: number }) => [i.status, i.new_id])).to.deep.equal([
        [200, pid('D', 'a (1).jpg')],
        [204, pid('D', 'b.jpg')],
      ]);
      expect(f.exists('S/a.jpg') || f.exists('S/b.jpg')).to.equal(false);
      expect(f.lib.items.get(f.lib.albums.byPath('D')!.id, 'a (1).jpg')!.rating).to.equal(4);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });

    it('moves to the root album', async () => {
      const r = await f.call(PHOTO, 'copy', { id: pid('S', 'b.jpg'), sharepath: '', mode: 'move', duplicate: 'ignore' });
      expect(r.data.items[0].new_id).to.equal(pid('', 'b.jpg'));
      expect(f.exists('b.jpg')).to.equal(true);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });
  });

  describe('refused requests change nothing', () => {
    let before: string[];
    let reader: string;
    beforeEach(async () => {
      f.album('Up');
      reader = await f.user('ann', { S: { browse: true }, Up: { upload: true } });
      before = f.hashes();
    });
    const cases: [string, () => Record<string, string>, number, boolean?][] = [
      ['a missing mode', () => ({ id: pid('S', 'a.jpg'), sharepath: albumId('D'), duplicate: 'rename' }), 456],
      ['an unknown duplicate', () => ({ id: pid('S', 'a.jpg'), sharepath: albumId('D'), mode: 'copy', duplicate: 'ask' }), 456],
      ['an album id as source', () => ({ id: albumId('S'), sharepath: albumId('D'), mode: 'copy', duplicate: 'rename' }), 456],
      ['an item that does not exist', () => ({ id: pid('S', 'zz.jpg'), sharepath: albumId('D'), mode: 'copy', duplicate: 'rename' }), 456],
      ['a destination that does not exist', () => ({ id: pid('S', 'a.jpg'), sharepath: albumId('Nope'), mode: 'copy', duplicate: 'rename' }), 456],
      ['the source album as destination without rename', () => ({ id: pid('S', 'a.jpg'), sharepath: albumId('S'), mode: 'copy', duplicate: 'overwrite' }), 458],
      ['copy without upload on the destination', () => ({ id: pid('S', 'a.jpg'), sharepath: albumId('D'), mode: 'copy', duplicate: 'rename' }), 457, true],
      ['move without manage on the item album', () => ({ id: pid('S', 'a.jpg'), sharepath: albumId('Up'), mode: 'move', duplicate: 'rename' }), 457, true],
    ];
    for (const [name, params, code, asUser] of cases) {
      it(`answers ${code} for ${name}`, async () => {
        const r = await f.call(PHOTO, 'copy', params(), asUser ? reader : f.adminSid);
        expect(r).to.deep.equal({ success: false, error: { code } });
        expect(f.hashes()).to.deep.equal(before);
        expect(f.indexVsDisk()).to.deep.equal([]);
      });
    }

    it('lets a browser copy into an album it may upload to', async () => {
      const r = await f.call(PHOTO, 'copy', { id: pid('S', 'a.jpg'), sharepath: albumId('Up'), mode: 'copy', duplicate: 'rename' }, reader);
      expect(r.data.items[0].status).to.equal(204);
    });

    it('answers 457 for Photo.delete without manage (an item already gone too), 456 for an item of an unknown album', async () => {
      expect(await f.call(PHOTO, 'delete', { id: pid('S', 'a.jpg') }, reader)).to.deep.equal({ success: false, error: { code: 457 } });
      expect(await f.call(PHOTO, 'delete', { id: pid('S', 'nope.jpg') }, reader)).to.deep.equal({ success: false, error: { code: 457 } });
      expect(await f.call(PHOTO, 'delete', { id: pid('Nowhere', 'a.jpg') })).to.deep.equal({ success: false, error: { code: 456 } });
      expect(f.hashes()).to.deep.equal(before);
    });

    it('refuses Photo.delete of a name the disk holds but the index does not: 456 with manage, 457 without, the file kept', async () => {
      const stray = path.join(f.photoRoot, 'S', 'stray.jpg');
      writeFileSync(stray, 'not indexed');
      expect(await f.call(PHOTO, 'delete', { id: pid('S', 'stray.jpg') })).to.deep.equal({ success: false, error: { code: 456 } });
      // Without manage the answer must not tell what the folder holds.
      expect(await f.call(PHOTO, 'delete', { id: pid('S', 'stray.jpg') }, reader)).to.deep.equal({ success: false, error: { code: 457 } });
      expect(readFileSync(stray, 'utf8')).to.equal('not indexed');
      rmSync(stray);
    });

    it('answers success for Photo.delete of an item already gone from its album, as Photo Station (Lightroom deletes each video before uploading it)', async () => {
      const r = await f.call(PHOTO, 'delete', { id: pid('S', 'nope.jpg') });
      expect(r).to.deep.equal({ success: true, data: { items: [{ id: pid('S', 'nope.jpg'), status: 404, new_id: null, error: 456 }] } });
      expect(f.hashes()).to.deep.equal(before);
    });
  });

  describe('Photo.delete', () => {
    it('moves items to the trash and drops their rows', async () => {
      const r = await f.call(PHOTO, 'delete', { id: `${pid('S', 'a.jpg')},${pid('S', 'b.jpg')}` });
      expect(r.data.items.map((i: { status: number }) => i.status)).to.deep.equal([204, 204]);
      expect(f.exists('S/a.jpg')).to.equal(false);
      expect(f.trashCount()).to.equal(2);
      expect(f.hashes().length).to.equal(3);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });
  });
});

describe('Photo.copy with two sources of one name and overwrite', () => {
  let f: OpsFixture;
  before(async () => {
    f = await OpsFixture.start();
    f.photo('S1', 'a.jpg', { title: 'first' }, 'one');
    f.photo('S2', 'a.jpg', { title: 'second' }, 'two');
    f.photo('D', 'a.jpg', { title: 'old' }, 'old');
  });
  after(async () => {
    await f.stop();
  });

  it('applies them in order: the last one wins, each replaced file is in the trash with its own metadata', async () => {
    const before = f.hashes();
    const r = await f.call(PHOTO, 'copy', { id: `${pid('S1', 'a.jpg')},${pid('S2', 'a.jpg')}`, sharepath: albumId('D'), mode: 'move', duplicate: 'overwrite' });
    expect(r.data.items.map((i: { status: number }) => i.status)).to.deep.equal([204, 204]);
    expect(readFileSync(path.join(f.photoRoot, 'D/a.jpg'), 'utf8')).to.equal('two');
    expect(f.lib.items.get(f.lib.albums.byPath('D')!.id, 'a.jpg')!.title).to.equal('second');
    const trash = f.lib.db.prepare('SELECT stored, meta FROM trash ORDER BY id').all() as { stored: string; meta: string }[];
    const contents = trash.map((t) => [readFileSync(path.join(f.trashDir, t.stored), 'utf8'), (JSON.parse(t.meta) as { item: { title: string } }).item.title]);
    expect(contents).to.deep.equal([
      ['old', 'old'],
      ['one', 'first'],
    ]);
    expect(f.hashes()).to.deep.equal(before);
    expect(f.indexVsDisk()).to.deep.equal([]);
  });
});
