import { expect } from 'chai';
import { existsSync, mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hashPassword } from '../src/auth/password.ts';
import { albumIdOf, itemIdOf, startStation } from './helpers/browse.ts';
import type { TestStation } from './helpers/browse.ts';

const ALBUM = 'SYNO.PhotoStation.Album';

/** root: top.jpg; Public/{a,b,c}.jpg + Public/Sub; Private/p.jpg; Locked/l.jpg (password "sesame"). */
async function library(): Promise<TestStation> {
  const t = await startStation({}, (root) => {
    mkdirSync(path.join(root, 'Public', 'Sub'), { recursive: true });
    mkdirSync(path.join(root, 'Private'));
    mkdirSync(path.join(root, 'Locked'));
    writeFileSync(path.join(root, 'top.jpg'), 'top');
    // Names and mtimes in opposite orders, sizes all different.
    for (const [name, day] of [
      ['a.jpg', 3],
      ['b.jpg', 2],
      ['c.jpg', 1],
    ] as const) {
      writeFileSync(path.join(root, 'Public', name), name.repeat(day));
      utimesSync(path.join(root, 'Public', name), new Date(2020, 0, day), new Date(2020, 0, day));
    }
    writeFileSync(path.join(root, 'Public', 'v.mp4'), 'video');
    writeFileSync(path.join(root, 'Private', 'p.jpg'), 'p');
    writeFileSync(path.join(root, 'Locked', 'l.jpg'), 'l');
  });
  const { db } = t.station.services;
  db.prepare("UPDATE albums SET type = 'public' WHERE path = 'Public'").run();
  db.prepare("UPDATE albums SET type = 'private' WHERE path = 'Private'").run();
  db.prepare("UPDATE albums SET type = 'password', password = ? WHERE path = 'Locked'").run(await hashPassword('sesame'));
  await t.addUser('alice', 'alice-pw');
  return t;
}

function names(data: { items: { info: { name: string } }[] }): string[] {
  return data.items.map((i) => i.info.name);
}

describe('SYNO.PhotoStation.Album browsing', () => {
  let t: TestStation;
  let admin: string;
  let alice: string;
  before(async () => {
    t = await library();
    admin = await t.login('admin', 'admin-pw');
    alice = await t.login('alice', 'alice-pw');
  });
  after(() => t.close());

  describe('list', () => {
    describe('of the root, as an administrator', () => {
      it('answers the albums first, then the items, with the total and the next offset', async () => {
        const res = await t.call(ALBUM, 'list', { offset: 0, limit: 10 }, admin);
        expect(res.success).to.equal(true);
        expect(names(res.data)).to.deep.equal(['Locked', 'Private', 'Public', 'top.jpg']);
        expect(res.data).to.include({ total: 4, offset: 4 });
      });

      it('shapes an album as SPEC §7 says, with additional null unless asked', async () => {
        const res = await t.call(ALBUM, 'list', { offset: 2, limit: 1 }, admin);
        // (ext) the stable uid (SPEC §17), random: checked by shape, then compared with the index.
        const uid = res.data.items[0].info.uid;
        expect(uid).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(uid).to.equal(t.station.services.library.albums.byPath('Public')?.uid);
        expect(res.data.items[0]).to.deep.equal({
          id: albumIdOf('Public'),
          type: 'album',
          info: { sharepath: 'Public', name: 'Public', title: 'Public', description: '', hits: 0, type: 'public', conversion: true, allow_comment: false, allow_embed: false, uid },
          additional: null,
          // Its cover is its first item, a photo (SPEC §14).
          thumbnail_status: 'preview,small,large',
        });
      });

      it('shapes an item as SPEC §7 says', async () => {
        const res = await t.call(ALBUM, 'list', { offset: 3, limit: 1 }, admin);
        const item = res.data.items[0];
        expect(item).to.include({ id: itemIdOf('', 'top.jpg'), type: 'photo', pos: 3, additional: null });
        expect(Object.keys(item.info)).to.deep.equal([
          'name',
          'title',
          'description',
          'createdate',
          'takendate',
          'size',
          'resolutionx',
          'resolutiony',
          'rotated',
          'rotate_version',
          'rotation',
          'lat',
          'lng',
          'rating',
          'uid',
        ]);
        expect(item.info).to.include({ name: 'top.jpg', title: 'top', size: 3, rating: 0 });
        expect(item.info.takendate).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      });
    });

    describe('paging', () => {
      it('answers the next offset after a partial page', async () => {
        const res = await t.call(ALBUM, 'list', { id: albumIdOf('Public'), offset: 1, limit: 2 }, admin);
        expect(names(res.data)).to.deep.equal(['a.jpg', 'b.jpg']);
        expect(res.data).to.include({ total: 5, offset: 3 });
      });

      it('answers everything from the offset with limit -1', async () => {
        const res = await t.call(ALBUM, 'list', { id: albumIdOf('Public'), offset: 2, limit: -1 }, admin);
        expect(names(res.data)).to.deep.equal(['b.jpg', 'c.jpg', 'v.mp4']);
        expect(res.data).to.include({ total: 5, offset: 5 });
      });

      it('answers no items and the same offset past the end', async () => {
        const res = await t.call(ALBUM, 'list', { id: albumIdOf('Public'), offset: 9, limit: 5 }, admin);
        expect(res.data).to.deep.equal({ total: 5, offset: 5, items: [] });
      });

      it('filters by type', async () => {
        const res = await t.call(ALBUM, 'list', { id: albumIdOf('Public'), offset: 0, limit: -1, type: 'video' }, admin);
        expect(names(res.data)).to.deep.equal(['v.mp4']);
      });
    });

    describe('sorting', () => {
      const sorted = async (sort_by: string, sort_direction: string) =>
        names((await t.call(ALBUM, 'list', { id: albumIdOf('Public'), offset: 0, limit: -1, type: 'photo', sort_by, sort_direction }, admin)).data);

      it('by file name, both ways (dsc and desc)', async () => {
        expect(await sorted('filename', 'asc')).to.deep.equal(['a.jpg', 'b.jpg', 'c.jpg']);
        expect(await sorted('filename', 'dsc')).to.deep.equal(['c.jpg', 'b.jpg', 'a.jpg']);
        expect(await sorted('filename', 'desc')).to.deep.equal(['c.jpg', 'b.jpg', 'a.jpg']);
      });

      it('by taken date and by mtime (both the file mtime here)', async () => {
        expect(await sorted('takendate', 'asc')).to.deep.equal(['c.jpg', 'b.jpg', 'a.jpg']);
        expect(await sorted('mtime', 'dsc')).to.deep.equal(['a.jpg', 'b.jpg', 'c.jpg']);
      });

      it('refuses an unknown sort key with 101', async () => {
        const res = await t.call(ALBUM, 'list', { id: albumIdOf('Public'), offset: 0, limit: 1, sort_by: 'name; DROP TABLE items' }, admin);
        expect(res.error?.code).to.equal(101);
      });
    });

    describe('with additional values', () => {
      it('answers every known value and ignores unknown ones', async () => {
        const res = await t.call(
          ALBUM,
          'list',
          {
            offset: 2,
            limit: 1,
            additional: 'album_createdate,album_permission,album_sorting,delete_permission,file_location,item_count,thumb_size,bogus',
          },
          admin,
        );
        const extra = res.data.items[0].additional;
        expect(Object.keys(extra).sort()).to.deep.equal([
          'album_createdate',
          'album_permission',
          'album_sorting',
          'delete_permission',
          'file_location',
          'item_count',
          'thumb_size',
        ]);
        expect(extra).to.deep.include({
          album_permission: { browse: true, upload: true, manage: true },
          delete_permission: true,
          file_location: 'Public',
          item_count: { photo: 3, video: 1 },
        });
        expect(extra.album_sorting).to.deep.equal({ sort_by: 'default', sort_direction: 'asc' });
      });

      it('answers the item values that apply to its kind', async () => {
        const res = await t.call(
          ALBUM,
          'list',
          { id: albumIdOf('Public'), offset: 4, limit: 1, additional: 'photo_exif,video_codec,video_quality,file_location,thumb_size' },
          admin,
        );
        expect(Object.keys(res.data.items[0].additional).sort()).to.deep.equal(['file_location', 'thumb_size', 'video_codec', 'video_quality']);
        expect(res.data.items[0].additional.file_location).to.equal('Public/v.mp4');
      });
    });

    describe('errors', () => {
      it('answers 101 for an id that does not decode', async () => {
        expect((await t.call(ALBUM, 'list', { id: 'album_zz', offset: 0, limit: 1 }, admin)).error?.code).to.equal(101);
      });
      it('answers 101 for an album that does not exist', async () => {
        expect((await t.call(ALBUM, 'list', { id: albumIdOf('Nope'), offset: 0, limit: 1 }, admin)).error?.code).to.equal(101);
      });
      it('answers 101 without limit or offset', async () => {
        expect((await t.call(ALBUM, 'list', { offset: 0 }, admin)).error?.code).to.equal(101);
      });
    });

    describe('as a guest (no session)', () => {
      it('lists public and password albums of the root, but no private album and no root item', async () => {
        const res = await t.call(ALBUM, 'list', { offset: 0, limit: -1 });
        expect(names(res.data)).to.deep.equal(['Locked', 'Public']);
      });
      it('browses a public album', async () => {
        const res = await t.call(ALBUM, 'list', { id: albumIdOf('Public'), offset: 0, limit: -1 });
        expect(res.data.total).to.equal(5);
      });
      it('is refused a private album with 417', async () => {
        expect((await t.call(ALBUM, 'list', { id: albumIdOf('Private'), offset: 0, limit: 1 })).error?.code).to.equal(417);
      });
      it('is refused a password album without or with a wrong password (416), and let in with the right one', async () => {
        expect((await t.call(ALBUM, 'list', { id: albumIdOf('Locked'), offset: 0, limit: 1 })).error?.code).to.equal(416);
        expect((await t.call(ALBUM, 'list', { id: albumIdOf('Locked'), offset: 0, limit: 1, password: 'guess' })).error?.code).to.equal(416);
        const ok = await t.call(ALBUM, 'list', { id: albumIdOf('Locked'), offset: 0, limit: 1, password: 'sesame' });
        expect(names(ok.data)).to.deep.equal(['l.jpg']);
      });
    });

    describe('as a user', () => {
      it('without a grant, is refused a private album (417) and does not see it in the root', async () => {
        expect((await t.call(ALBUM, 'list', { id: albumIdOf('Private'), offset: 0, limit: 1 }, alice)).error?.code).to.equal(417);
        expect(names((await t.call(ALBUM, 'list', { offset: 0, limit: -1 }, alice)).data)).to.deep.equal(['Locked', 'Public']);
      });

      describe('granted browse on the private album and on the root', () => {
        before(() => {
          t.grant('alice', 'Private', { browse: true });
          t.grant('alice', '', { browse: true });
        });
        after(() => t.station.services.db.prepare('DELETE FROM album_rights').run());

        it('lists it, sees it in the root, and sees the root items', async () => {
          expect(names((await t.call(ALBUM, 'list', { id: albumIdOf('Private'), offset: 0, limit: -1 }, alice)).data)).to.deep.equal(['p.jpg']);
          expect(names((await t.call(ALBUM, 'list', { offset: 0, limit: -1 }, alice)).data)).to.deep.equal(['Locked', 'Private', 'Public', 'top.jpg']);
        });

        it('answers its own rights in album_permission', async () => {
          const res = await t.call(ALBUM, 'getinfo', { id: albumIdOf('Private'), additional: 'album_permission,delete_permission' }, alice);
          expect(res.data.items[0].additional).to.deep.equal({ album_permission: { browse: true, upload: false, manage: false }, delete_permission: false });
        });
      });
    });
  });

  describe('getinfo', () => {
    it('answers the root album without an id', async () => {
      const res = await t.call(ALBUM, 'getinfo', {}, admin);
      expect(res.data.items).to.have.length(1);
      expect(res.data.items[0]).to.include({ id: '', type: 'album' });
    });
    it('answers every album of an id list, in order', async () => {
      const res = await t.call(ALBUM, 'getinfo', { id: `${albumIdOf('Public/Sub')},${albumIdOf('Public')}`, additional: 'item_count' }, admin);
      expect(res.data.items.map((i: { id: string }) => i.id)).to.deep.equal([albumIdOf('Public/Sub'), albumIdOf('Public')]);
      expect(res.data.items[0].additional.item_count).to.deep.equal({ photo: 0, video: 0 });
      expect(res.data.items[0].info.type).to.equal('public'); // inherited
    });
    it('answers 101 when one id names no album', async () => {
      expect((await t.call(ALBUM, 'getinfo', { id: `${albumIdOf('Public')},${albumIdOf('Gone')}` }, admin)).error?.code).to.equal(101);
    });
    it('refuses a guest a private album (417) and a locked one (416)', async () => {
      expect((await t.call(ALBUM, 'getinfo', { id: albumIdOf('Private') })).error?.code).to.equal(417);
      expect((await t.call(ALBUM, 'getinfo', { id: albumIdOf('Locked') })).error?.code).to.equal(416);
      expect((await t.call(ALBUM, 'getinfo', { id: albumIdOf('Locked'), password: 'sesame' })).success).to.equal(true);
    });
  });

  describe('create', () => {
    it('makes a folder and a row; a new top-level album gets the default type', async () => {
      const res = await t.call(ALBUM, 'create', { name: 'New', title: 'A title', description: 'Words', sort_by: 'takendate', sort_direction: 'desc' }, admin);
      expect(res).to.deep.equal({ success: true, data: { id: albumIdOf('New') } });
      expect(statSync(path.join(t.root, 'New')).isDirectory()).to.equal(true);
      expect(t.station.services.library.albums.byPath('New')).to.include({
        type: 'private',
        title: 'A title',
        description: 'Words',
        sort_by: 'takendate',
        sort_direction: 'desc',
        depth: 1,
      });
    });
    it('makes a sub-album under `id`, inheriting its type', async () => {
      const res = await t.call(ALBUM, 'create', { name: 'Child', id: albumIdOf('Public') }, admin);
      expect(res.data.id).to.equal(albumIdOf('Public/Child'));
      expect(existsSync(path.join(t.root, 'Public', 'Child'))).to.equal(true);
      expect(t.station.services.library.albums.byPath('Public/Child')?.type).to.equal(null);
    });
    it('stores the password of a password album as a scrypt hash', async () => {
      await t.call(ALBUM, 'create', { name: 'Vault', type: 'password', password: 'open' }, admin);
      const row = t.station.services.library.albums.byPath('Vault');
      expect(row?.type).to.equal('password');
      expect(row?.password).to.match(/^scrypt\$/);
    });
    it('answers 421 when an album or a file has the name', async () => {
      expect((await t.call(ALBUM, 'create', { name: 'Public' }, admin)).error?.code).to.equal(421);
      expect((await t.call(ALBUM, 'create', { name: 'top.jpg' }, admin)).error?.code).to.equal(421);
    });
    it('answers 101 for a name no id may carry, and makes nothing', async () => {
      for (const name of ['..', '.hidden', '@eaDir', '#recycle', 'a/b', 'a\\b']) {
        expect((await t.call(ALBUM, 'create', { name }, admin)).error?.code, name).to.equal(101);
      }
      expect(existsSync(path.join(t.root, 'a'))).to.equal(false);
    });
    it('answers 101 for a parent that does not exist', async () => {
      expect((await t.call(ALBUM, 'create', { name: 'X', id: albumIdOf('Gone') }, admin)).error?.code).to.equal(101);
    });
    it('answers 101 for a password album without a password', async () => {
      expect((await t.call(ALBUM, 'create', { name: 'NoPw', type: 'password' }, admin)).error?.code).to.equal(101);
      expect(existsSync(path.join(t.root, 'NoPw'))).to.equal(false);
    });
    it('answers 105 to a guest', async () => {
      expect((await t.call(ALBUM, 'create', { name: 'G' })).error?.code).to.equal(105);
    });

    describe('as a user', () => {
      afterEach(() => t.station.services.db.prepare('DELETE FROM album_rights').run());
      it('without upload on the parent, answers 418 and makes nothing', async () => {
        t.grant('alice', 'Public', { browse: true });
        expect((await t.call(ALBUM, 'create', { name: 'Mine', id: albumIdOf('Public') }, alice)).error?.code).to.equal(418);
        expect(existsSync(path.join(t.root, 'Public', 'Mine'))).to.equal(false);
      });
      it('with upload on the parent, creates it', async () => {
        t.grant('alice', 'Public', { upload: true });
        expect((await t.call(ALBUM, 'create', { name: 'Mine', id: albumIdOf('Public') }, alice)).success).to.equal(true);
        expect(existsSync(path.join(t.root, 'Public', 'Mine'))).to.equal(true);
      });
      it('setting a type or password, answers 420', async () => {
        t.grant('alice', 'Public', { upload: true });
        expect((await t.call(ALBUM, 'create', { name: 'Typed', id: albumIdOf('Public'), type: 'public' }, alice)).error?.code).to.equal(420);
        expect(existsSync(path.join(t.root, 'Public', 'Typed'))).to.equal(false);
      });
    });
  });

  describe('edit', () => {
    before(async () => {
      mkdirSync(path.join(t.root, 'Ren', 'Deep'), { recursive: true });
      writeFileSync(path.join(t.root, 'Ren', 'Deep', 'd.jpg'), 'd');
      await t.rescan();
    });

    it('changes title and description', async () => {
      const res = await t.call(ALBUM, 'edit', { id: albumIdOf('Ren'), title: 'Renamed soon', description: 'D' }, admin);
      expect(res).to.deep.equal({ success: true, data: { id: albumIdOf('Ren') } });
      expect(t.station.services.library.albums.byPath('Ren')).to.include({ title: 'Renamed soon', description: 'D' });
    });

    describe('with a new name', () => {
      let itemRowId: number;
      before(async () => {
        const { library } = t.station.services;
        itemRowId = library.items.get(library.albums.byPath('Ren/Deep')!.id, 'd.jpg')!.id;
      });

      it('renames the folder and answers the new id', async () => {
        const res = await t.call(ALBUM, 'edit', { id: albumIdOf('Ren'), name: 'Done' }, admin);
        expect(res).to.deep.equal({ success: true, data: { id: albumIdOf('Done') } });
        expect(existsSync(path.join(t.root, 'Ren'))).to.equal(false);
        expect(existsSync(path.join(t.root, 'Done', 'Deep', 'd.jpg'))).to.equal(true);
      });

      it('moves the ids below it: the item answers under the new id, with the same row', async () => {
        const { library } = t.station.services;
        expect(library.albums.byPath('Done/Deep')).to.not.equal(undefined);
        expect(library.albums.byPath('Ren/Deep')).to.equal(undefined);
        expect(library.items.get(library.albums.byPath('Done/Deep')!.id, 'd.jpg')!.id).to.equal(itemRowId);
        const res = await t.call('SYNO.PhotoStation.Photo', 'getinfo', { id: itemIdOf('Done/Deep', 'd.jpg') }, admin);
        expect(res.data[0].info.name).to.equal('d.jpg');
        expect((await t.call('SYNO.PhotoStation.Photo', 'getinfo', { id: itemIdOf('Ren/Deep', 'd.jpg') }, admin)).error?.code).to.equal(456);
      });

      it('answers 421 when the name is taken, and renames nothing', async () => {
        expect((await t.call(ALBUM, 'edit', { id: albumIdOf('Done'), name: 'Public' }, admin)).error?.code).to.equal(421);
        expect(existsSync(path.join(t.root, 'Done'))).to.equal(true);
      });

      it('answers 101 for a hidden or traversing name', async () => {
        for (const name of ['..', '.x', 'a/b']) expect((await t.call(ALBUM, 'edit', { id: albumIdOf('Done'), name }, admin)).error?.code, name).to.equal(101);
        expect(existsSync(path.join(t.root, 'Done'))).to.equal(true);
      });
    });

    it('answers 101 for an album that does not exist', async () => {
      expect((await t.call(ALBUM, 'edit', { id: albumIdOf('Gone'), title: 'x' }, admin)).error?.code).to.equal(101);
    });

    describe('as a user', () => {
      afterEach(() => t.station.services.db.prepare('DELETE FROM album_rights').run());
      it('without manage, answers 419 and changes nothing', async () => {
        t.grant('alice', 'Public', { browse: true, upload: true });
        expect((await t.call(ALBUM, 'edit', { id: albumIdOf('Public'), title: 'Mine now' }, alice)).error?.code).to.equal(419);
        expect(t.station.services.library.albums.byPath('Public')?.title).to.equal('');
      });
      it('with manage, edits', async () => {
        t.grant('alice', 'Public', { manage: true });
        expect((await t.call(ALBUM, 'edit', { id: albumIdOf('Public'), description: 'by alice' }, alice)).success).to.equal(true);
        expect(t.station.services.library.albums.byPath('Public')?.description).to.equal('by alice');
      });
      it('with manage, setting the type or password answers 420', async () => {
        t.grant('alice', 'Public', { manage: true });
        expect((await t.call(ALBUM, 'edit', { id: albumIdOf('Public'), type: 'private' }, alice)).error?.code).to.equal(420);
        expect((await t.call(ALBUM, 'edit', { id: albumIdOf('Public'), password: 'x' }, alice)).error?.code).to.equal(420);
        expect(t.station.services.library.albums.byPath('Public')?.type).to.equal('public');
      });
    });
  });
});
