import { expect } from 'chai';
import { copyFileSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { albumIdOf, fixtures, itemIdOf, startStation } from './helpers/browse.ts';
import type { TestStation } from './helpers/browse.ts';

const PHOTO = 'SYNO.PhotoStation.Photo';
const EIFFEL = itemIdOf('Public/2007', 'eiffel.jpg');

/** Public/2007/eiffel.jpg (the EXIF fixture), Public/plain.png, Public/v.mp4, Private/p.jpg, top.jpg. */
async function library(): Promise<TestStation> {
  const t = await startStation({}, (root) => {
    mkdirSync(path.join(root, 'Public', '2007'), { recursive: true });
    mkdirSync(path.join(root, 'Private'));
    copyFileSync(path.join(fixtures, 'exif.jpg'), path.join(root, 'Public', '2007', 'eiffel.jpg'));
    copyFileSync(path.join(fixtures, 'plain.png'), path.join(root, 'Public', 'plain.png'));
    writeFileSync(path.join(root, 'Public', 'v.mp4'), 'video');
    writeFileSync(path.join(root, 'Private', 'p.jpg'), 'p');
    writeFileSync(path.join(root, 'top.jpg'), 't');
    for (const [file, date] of [
      ['Public/plain.png', '2010-03-04T12:00:00'],
      ['Public/v.mp4', '2012-01-01T12:00:00'],
      ['Private/p.jpg', '2010-03-05T12:00:00'],
      ['top.jpg', '2015-01-01T12:00:00'],
    ]) {
      utimesSync(path.join(root, file as string), new Date(date as string), new Date(date as string));
    }
  });
  const { db } = t.station.services;
  db.prepare("UPDATE albums SET type = 'public' WHERE path = 'Public'").run();
  db.prepare("UPDATE albums SET type = 'private' WHERE path = 'Private'").run();
  await t.addUser('alice', 'alice-pw');
  return t;
}

function names(items: { info: { name: string } }[]): string[] {
  return items.map((i) => i.info.name);
}

describe('SYNO.PhotoStation.Photo browsing', () => {
  let t: TestStation;
  let admin: string;
  let alice: string;
  before(async () => {
    t = await library();
    admin = await t.login('admin', 'admin-pw');
    alice = await t.login('alice', 'alice-pw');
  });
  after(() => t.close());

  describe('getinfo', () => {
    it('answers a bare array with the values read from EXIF', async () => {
      const res = await t.call(PHOTO, 'getinfo', { id: EIFFEL }, admin);
      expect(res.data).to.be.an('array').with.length(1);
      const item = res.data[0];
      expect(item).to.include({ id: EIFFEL, type: 'photo', pos: 0, additional: null });
      expect(item.info).to.include({
        name: 'eiffel.jpg',
        title: 'Eiffel fixture',
        takendate: '2007-05-12 10:30:45',
        resolutionx: 8,
        resolutiony: 6,
        rotation: 0,
        rotate_version: 0,
        rotated: true,
      });
      // `rotation` is what Rotate.set turned (none); `rotated` says the EXIF orientation (6) is not upright.
      expect(item.info.lat).to.be.closeTo(48.8584, 1e-4);
      expect(item.info.lng).to.be.closeTo(2.2945, 1e-4);
      expect(item.info.gps).to.deep.equal({ lat: item.info.lat, lng: item.info.lng });
    });

    it('answers photo_exif when asked', async () => {
      const res = await t.call(PHOTO, 'getinfo', { id: EIFFEL, additional: 'photo_exif' }, admin);
      expect(res.data[0].additional.photo_exif).to.include({ camera: 'TestCam', camera_model: 'Fixture 1', iso: 200, takendate: '2007-05-12 10:30:45' });
    });

    it('leaves gps out of an item without a position', async () => {
      const res = await t.call(PHOTO, 'getinfo', { id: itemIdOf('Public', 'plain.png') }, admin);
      expect(res.data[0].info).to.include({ lat: null, lng: null, resolutionx: 5, resolutiony: 4 });
      expect(res.data[0].info).not.to.have.property('gps');
    });

    it('answers several ids in order', async () => {
      const res = await t.call(PHOTO, 'getinfo', { id: `${itemIdOf('', 'top.jpg')},${EIFFEL}` }, admin);
      expect(names(res.data)).to.deep.equal(['top.jpg', 'eiffel.jpg']);
    });

    it('answers 456 for an id that does not decode or names nothing', async () => {
      expect((await t.call(PHOTO, 'getinfo', { id: 'photo_zz_00' }, admin)).error?.code).to.equal(456);
      expect((await t.call(PHOTO, 'getinfo', { id: itemIdOf('Public', 'gone.jpg') }, admin)).error?.code).to.equal(456);
      expect((await t.call(PHOTO, 'getinfo', { id: itemIdOf('Public', 'v.mp4', 'photo') }, admin)).error?.code).to.equal(456);
    });

    it('answers 457 to a guest for an item of a private album, and the item to a guest in a public one', async () => {
      expect((await t.call(PHOTO, 'getinfo', { id: itemIdOf('Private', 'p.jpg') })).error?.code).to.equal(457);
      expect((await t.call(PHOTO, 'getinfo', { id: EIFFEL })).success).to.equal(true);
    });

    it('answers 457 for a root item unless browse is granted on the root', async () => {
      expect((await t.call(PHOTO, 'getinfo', { id: itemIdOf('', 'top.jpg') }, alice)).error?.code).to.equal(457);
      t.grant('alice', '', { browse: true });
      try {
        expect((await t.call(PHOTO, 'getinfo', { id: itemIdOf('', 'top.jpg') }, alice)).success).to.equal(true);
      } finally {
        t.station.services.db.prepare('DELETE FROM album_rights').run();
      }
    });
  });

  describe('list', () => {
    it('answers every item to an administrator, by taken date, with the next offset', async () => {
      const res = await t.call(PHOTO, 'list', { offset: 0, limit: -1 }, admin);
      expect(names(res.data.items)).to.deep.equal(['eiffel.jpg', 'plain.png', 'p.jpg', 'v.mp4', 'top.jpg']);
      expect(res.data).to.include({ total: 5, offset: 5 });
    });

    it('pages', async () => {
      const res = await t.call(PHOTO, 'list', { offset: 1, limit: 2 }, admin);
      expect(names(res.data.items)).to.deep.equal(['plain.png', 'p.jpg']);
      expect(res.data).to.include({ total: 5, offset: 3 });
      expect(res.data.items.map((i: { pos: number }) => i.pos)).to.deep.equal([1, 2]);
    });

    it('sorts by file name descending', async () => {
      const res = await t.call(PHOTO, 'list', { offset: 0, limit: -1, sort_by: 'filename', sort_direction: 'desc' }, admin);
      expect(names(res.data.items)).to.deep.equal(['v.mp4', 'top.jpg', 'plain.png', 'p.jpg', 'eiffel.jpg']);
    });

    it('filters by type', async () => {
      expect(names((await t.call(PHOTO, 'list', { offset: 0, limit: -1, type: 'video' }, admin)).data.items)).to.deep.equal(['v.mp4']);
    });

    it('answers a guest only the items of albums it may browse', async () => {
      const res = await t.call(PHOTO, 'list', { offset: 0, limit: -1 });
      expect(names(res.data.items)).to.deep.equal(['eiffel.jpg', 'plain.png', 'v.mp4']);
      expect(res.data.total).to.equal(3);
    });

    it('answers a user the items of albums granted to it too', async () => {
      t.grant('alice', 'Private', { browse: true });
      try {
        expect(names((await t.call(PHOTO, 'list', { offset: 0, limit: -1 }, alice)).data.items)).to.deep.equal(['eiffel.jpg', 'plain.png', 'p.jpg', 'v.mp4']);
      } finally {
        t.station.services.db.prepare('DELETE FROM album_rights').run();
      }
    });

    describe('by taken date', () => {
      const taken = async (taken_date: string) => names((await t.call(PHOTO, 'list', { offset: 0, limit: -1, taken_date }, admin)).data.items);
      it('D: that day', async () => expect(await taken('2007-05-12')).to.deep.equal(['eiffel.jpg']));
      it('S,E: both days included', async () => expect(await taken('2010-03-04,2010-03-05')).to.deep.equal(['plain.png', 'p.jpg']));
      it('S,: from that day on', async () => expect(await taken('2012-01-01,')).to.deep.equal(['v.mp4', 'top.jpg']));
      it(',E: up to that day', async () => expect(await taken(',2010-03-04')).to.deep.equal(['eiffel.jpg', 'plain.png']));
      it('answers 456 for anything else', async () => {
        for (const bad of ['2007-13-01', '2007-02-30', 'yesterday', '2007-05-12,2008-01-01,2009-01-01', ',']) {
          expect((await t.call(PHOTO, 'list', { offset: 0, limit: 1, taken_date: bad }, admin)).error?.code, bad).to.equal(456);
        }
      });
    });

    describe('with filter_album', () => {
      it('answers that album only (not its sub-albums)', async () => {
        expect(names((await t.call(PHOTO, 'list', { offset: 0, limit: -1, filter_album: albumIdOf('Public') }, admin)).data.items)).to.deep.equal(['plain.png', 'v.mp4']);
      });
      it('answers 457 for an album the caller may not browse', async () => {
        expect((await t.call(PHOTO, 'list', { offset: 0, limit: -1, filter_album: albumIdOf('Private') })).error?.code).to.equal(457);
      });
      it('answers 456 for an album that does not exist', async () => {
        expect((await t.call(PHOTO, 'list', { offset: 0, limit: -1, filter_album: albumIdOf('Gone') }, admin)).error?.code).to.equal(456);
      });
    });
  });

  describe('edit', () => {
    const row = (albumPath: string, name: string) => {
      const { library } = t.station.services;
      return library.items.get(library.albums.byPath(albumPath)!.id, name)!;
    };

    it('sets title, description and rating, clamping the rating to 5', async () => {
      const res = await t.call(PHOTO, 'edit', { id: itemIdOf('Public', 'plain.png'), title: 'T', description: 'D', rating: 9 }, admin);
      expect(res).to.deep.equal({ success: true });
      expect(row('Public', 'plain.png')).to.include({ title: 'T', description: 'D', rating: 5 });
    });

    it('sets a position from gps_lat and gps_lng, and removes it when both are empty', async () => {
      await t.call(PHOTO, 'edit', { id: itemIdOf('Public', 'plain.png'), gps_lat: '10.5', gps_lng: '-20.25' }, admin);
      expect(row('Public', 'plain.png')).to.include({ lat: 10.5, lng: -20.25 });
      await t.call(PHOTO, 'edit', { id: itemIdOf('Public', 'plain.png'), gps_lat: '', gps_lng: '' }, admin);
      expect(row('Public', 'plain.png')).to.include({ lat: null, lng: null });
    });

    it('answers 456 for only one of gps_lat and gps_lng, or a value out of range, and changes nothing', async () => {
      expect((await t.call(PHOTO, 'edit', { id: EIFFEL, gps_lat: '1', title: 'no' }, admin)).error?.code).to.equal(456);
      expect((await t.call(PHOTO, 'edit', { id: EIFFEL, gps_lat: '91', gps_lng: '0' }, admin)).error?.code).to.equal(456);
      expect((await t.call(PHOTO, 'edit', { id: EIFFEL, gps_lat: 'x', gps_lng: '0' }, admin)).error?.code).to.equal(456);
      expect(row('Public/2007', 'eiffel.jpg').title).to.equal('Eiffel fixture');
      expect(row('Public/2007', 'eiffel.jpg').lat).to.be.closeTo(48.8584, 1e-4);
    });

    it('answers 456 for an item that does not exist, and edits none of the list', async () => {
      expect((await t.call(PHOTO, 'edit', { id: `${EIFFEL},${itemIdOf('Public', 'gone.jpg')}`, rating: 1 }, admin)).error?.code).to.equal(456);
      expect(row('Public/2007', 'eiffel.jpg').rating).to.equal(0);
    });

    it('answers 457 to a user without manage, and edits with it', async () => {
      t.grant('alice', 'Public', { browse: true, upload: true });
      try {
        expect((await t.call(PHOTO, 'edit', { id: EIFFEL, rating: 2 }, alice)).error?.code).to.equal(457);
        expect(row('Public/2007', 'eiffel.jpg').rating).to.equal(0);
        t.grant('alice', 'Public', { manage: true });
        expect((await t.call(PHOTO, 'edit', { id: EIFFEL, rating: 2 }, alice)).success).to.equal(true);
        expect(row('Public/2007', 'eiffel.jpg').rating).to.equal(2);
      } finally {
        t.station.services.db.prepare('DELETE FROM album_rights').run();
      }
    });

    it('answers 105 to a guest', async () => {
      expect((await t.call(PHOTO, 'edit', { id: EIFFEL, rating: 1 })).error?.code).to.equal(105);
    });

    it('shows the edit in the next listing (the listing cache follows the index)', async () => {
      await t.call(PHOTO, 'edit', { id: itemIdOf('Public', 'plain.png'), title: 'Fresh' }, admin);
      const res = await t.call('SYNO.PhotoStation.Album', 'list', { id: albumIdOf('Public'), offset: 0, limit: -1, type: 'photo' }, admin);
      expect(res.data.items[0].info.title).to.equal('Fresh');
    });
  });
});
