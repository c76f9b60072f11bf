import { expect } from 'chai';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { albumIdOf, itemIdOf, startStation } from '../helpers/browse.ts';
import type { TestStation } from '../helpers/browse.ts';
import { dims, getThumb, halves, solid } from './images.ts';

const ALBUM = 'SYNO.PhotoStation.Album';
const PHOTO = 'SYNO.PhotoStation.Photo';
const COVER = 'SYNO.PhotoStation.Cover';
const ROTATE = 'SYNO.PhotoStation.Rotate';

/** Trip/{a.jpg 600x400, b.jpg 300x300, Day/c.jpg 200x100}; Other/o.jpg; Nested/Deeper/d.jpg (cover from below). */
async function library(): Promise<TestStation> {
  const files: Record<string, Buffer> = {
    'Trip/a.jpg': await halves(600, 400),
    'Trip/b.jpg': await solid(300, 300),
    'Trip/Day/c.jpg': await solid(200, 100),
    'Other/o.jpg': await solid(100, 100),
    'Nested/Deeper/d.jpg': await solid(500, 250),
  };
  const t = await startStation({}, (root) => {
    for (const [rel, bytes] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), bytes);
    }
  });
  await t.addUser('bob', 'bob-pw');
  t.grant('bob', 'Trip', { browse: true });
  return t;
}

async function albumInfo(t: TestStation, sid: string, albumPath: string) {
  const res = await t.call(ALBUM, 'getinfo', { id: albumIdOf(albumPath), additional: 'thumb_size,album_createdate' }, sid);
  return res.data.items[0];
}

async function itemInfo(t: TestStation, sid: string, albumPath: string, name: string) {
  const res = await t.call(PHOTO, 'getinfo', { id: itemIdOf(albumPath, name), additional: 'thumb_size' }, sid);
  return res.data[0];
}

describe('covers and rotation', function () {
  this.timeout(60_000);
  let t: TestStation;
  let admin: string;
  let bob: string;
  before(async () => {
    t = await library();
    admin = await t.login('admin', 'admin-pw');
    bob = await t.login('bob', 'bob-pw');
  });
  after(() => t.close());

  describe('an album without a chosen cover', () => {
    it('shows its first item in its own sort order', async () => {
      const info = await albumInfo(t, admin, 'Trip');
      const first = await itemInfo(t, admin, 'Trip', 'a.jpg');
      expect(info.thumbnail_status).to.equal('preview,small,large');
      expect(info.additional.thumb_size).to.deep.equal(first.additional.thumb_size);
      expect(Number.isInteger(info.additional.album_createdate)).to.equal(true);
    });

    it('with no items, shows the cover of its first sub-album', async () => {
      const info = await albumInfo(t, admin, 'Nested');
      expect(info.additional.thumb_size.small).to.include({ resolutionx: 500, resolutiony: 250 });
      const res = await getThumb(t, { id: albumIdOf('Nested'), size: 'small' }, { sid: admin });
      expect(await dims(res.bytes)).to.include({ width: 500, height: 250 });
    });
  });

  describe('Cover.set', () => {
    it('needs manage on the album (419) and changes nothing without it', async () => {
      const res = await t.call(COVER, 'set', { id: albumIdOf('Trip'), item_id: itemIdOf('Trip', 'b.jpg') }, bob);
      expect(res.error?.code).to.equal(419);
      expect(t.station.services.library.albums.byPath('Trip')?.cover_item_id ?? null).to.equal(null);
    });

    it('refuses an item outside the album (101)', async () => {
      const res = await t.call(COVER, 'set', { id: albumIdOf('Trip'), item_id: itemIdOf('Other', 'o.jpg') }, admin);
      expect(res.error?.code).to.equal(101);
    });

    it('takes an item below the album, and the album thumbnail and sig follow', async () => {
      const before = await albumInfo(t, admin, 'Trip');
      const thumbBefore = await getThumb(t, { id: albumIdOf('Trip'), size: 'small' }, { sid: admin });
      expect(await dims(thumbBefore.bytes)).to.include({ width: 480, height: 320 });
      const res = await t.call(COVER, 'set', { id: albumIdOf('Trip'), item_id: itemIdOf('Trip/Day', 'c.jpg'), version: 2 }, admin);
      expect(res.success, JSON.stringify(res)).to.equal(true);
      const after = await albumInfo(t, admin, 'Trip');
      expect(after.additional.thumb_size.sig).to.not.equal(before.additional.thumb_size.sig);
      expect(after.additional.thumb_size.small).to.include({ resolutionx: 200, resolutiony: 100 });
      const thumbAfter = await getThumb(t, { id: albumIdOf('Trip'), size: 'small' }, { sid: admin });
      expect(await dims(thumbAfter.bytes)).to.include({ width: 200, height: 100 });
      expect(thumbAfter.headers.get('etag')).to.not.equal(thumbBefore.headers.get('etag'));
    });

    it('is dropped when the cover item moves out of the album', async () => {
      const res = await t.call(PHOTO, 'copy', { id: itemIdOf('Trip/Day', 'c.jpg'), sharepath: albumIdOf('Other'), mode: 'move', duplicate: 'rename' }, admin);
      expect(res.success, JSON.stringify(res)).to.equal(true);
      const info = await albumInfo(t, admin, 'Trip');
      const first = await itemInfo(t, admin, 'Trip', 'a.jpg');
      expect(info.additional.thumb_size).to.deep.equal(first.additional.thumb_size);
    });
  });

  describe('Rotate.set', () => {
    it("needs manage on the item's album (457)", async () => {
      const res = await t.call(ROTATE, 'set', { id: itemIdOf('Trip', 'a.jpg'), rotate: 90 }, bob);
      expect(res.error?.code).to.equal(457);
    });

    it('refuses other angles', async () => {
      const res = await t.call(ROTATE, 'set', { id: itemIdOf('Trip', 'a.jpg'), rotate: 45 }, admin);
      expect(res.success).to.equal(false);
    });

    it('turns the thumbnail, changes its dimensions and sig, counts the version, and leaves the file alone', async () => {
      const file = path.join(t.root, 'Trip', 'a.jpg');
      const bytes = readFileSync(file);
      const mtime = statSync(file).mtimeMs;
      const before = await itemInfo(t, admin, 'Trip', 'a.jpg');
      const thumbBefore = await getThumb(t, { id: itemIdOf('Trip', 'a.jpg'), size: 'small' }, { sid: admin });
      expect(await dims(thumbBefore.bytes)).to.include({ width: 480, height: 320 });
      const res = await t.call(ROTATE, 'set', { id: itemIdOf('Trip', 'a.jpg'), rotate: 90 }, admin);
      expect(res.success, JSON.stringify(res)).to.equal(true);
      const after = await itemInfo(t, admin, 'Trip', 'a.jpg');
      expect(after.info).to.include({ rotation: 90, rotate_version: before.info.rotate_version + 1, rotated: true });
      expect(after.additional.thumb_size.small).to.include({ resolutionx: 320, resolutiony: 480 });
      expect(after.additional.thumb_size.sig).to.not.equal(before.additional.thumb_size.sig);
      const thumbAfter = await getThumb(t, { id: itemIdOf('Trip', 'a.jpg'), size: 'small' }, { sid: admin });
      expect(await dims(thumbAfter.bytes)).to.include({ width: 320, height: 480 });
      expect(readFileSync(file).equals(bytes)).to.equal(true);
      expect(statSync(file).mtimeMs).to.equal(mtime);
      // Another quarter on top: 180 in all, landscape again.
      await t.call(ROTATE, 'set', { id: itemIdOf('Trip', 'a.jpg'), rotate: 90 }, admin);
      const twice = await itemInfo(t, admin, 'Trip', 'a.jpg');
      expect(twice.info).to.include({ rotation: 180, rotate_version: before.info.rotate_version + 2 });
      expect(twice.additional.thumb_size.small).to.include({ resolutionx: 480, resolutiony: 320 });
    });
  });
});
