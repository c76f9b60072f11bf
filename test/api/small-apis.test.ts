import { expect } from 'chai';
import { albumId, itemId } from '../../src/library/ids.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { upload } from '../helpers/upload.ts';

const pid = (album: string, name: string) => itemId(album, name, 'photo');

describe('Path, About, Timeline and PhotoLog', () => {
  let f: OpsFixture;
  let bob: string;
  beforeEach(async () => {
    f = await OpsFixture.start();
    f.photo('Pub/2020', 'a.jpg');
    f.photo('Priv', 'b.jpg');
    f.photo('', 'top.jpg');
    f.lib.db.prepare("UPDATE albums SET type = 'public' WHERE path = 'Pub'").run();
    f.lib.db.prepare("UPDATE albums SET type = 'private' WHERE path = 'Priv'").run();
    bob = await f.user('bob', {});
  });
  afterEach(() => f.stop());

  describe('SYNO.PhotoStation.Path', () => {
    const PATH = 'SYNO.PhotoStation.Path';
    it('answers the path of an album or item, and the id at a path', async () => {
      expect((await f.call(PATH, 'getpath', { id: albumId('Pub/2020') }, null)).data).to.deep.equal({ path: 'Pub/2020' });
      expect((await f.call(PATH, 'getpath', { id: pid('Pub/2020', 'a.jpg') }, null)).data).to.deep.equal({ path: 'Pub/2020/a.jpg' });
      expect((await f.call(PATH, 'checkpath', { path: '/Pub/2020/' }, null)).data).to.deep.equal({ id: albumId('Pub/2020') });
      expect((await f.call(PATH, 'checkpath', { path: 'Pub/2020/a.jpg' }, null)).data).to.deep.equal({ id: pid('Pub/2020', 'a.jpg') });
      expect((await f.call(PATH, 'checkpath', { path: 'top.jpg' })).data).to.deep.equal({ id: pid('', 'top.jpg') });
    });
    it('answers 101 for what is missing or not browsable alike, 417 for getpath without browse', async () => {
      for (const path of ['Nope', 'Priv', 'Priv/b.jpg', 'top.jpg', '../etc', 'Pub/../Priv', 'Pub/2020/none.jpg']) {
        expect((await f.call(PATH, 'checkpath', { path }, bob)).error?.code, path).to.equal(101);
      }
      expect((await f.call(PATH, 'getpath', { id: albumId('Priv') }, bob)).error?.code).to.equal(417);
      expect((await f.call(PATH, 'getpath', { id: pid('Priv', 'b.jpg') }, null)).error?.code).to.equal(417);
      expect((await f.call(PATH, 'getpath', { id: 'album_zz' })).error?.code).to.equal(101);
    });
  });

  describe('SYNO.PhotoStation.About', () => {
    const ABOUT = 'SYNO.PhotoStation.About';
    it('stores the HTML as given and answers it to anyone', async () => {
      expect((await f.call(ABOUT, 'get', {}, null)).data).to.deep.equal({ html: '', has_content: false });
      const html = '<h1>Me</h1><script>alert(1)</script>';
      expect((await f.call(ABOUT, 'set', { html })).success).to.equal(true);
      expect((await f.call(ABOUT, 'get', {}, null)).data).to.deep.equal({ html, has_content: true });
    });
    it('refuses non-administrators (105) and oversized text (101), keeping the page', async () => {
      await f.call(ABOUT, 'set', { html: 'kept' });
      expect((await f.call(ABOUT, 'set', { html: 'x' }, bob)).error?.code).to.equal(105);
      expect((await f.call(ABOUT, 'set', { html: 'x'.repeat(65537) })).error?.code).to.equal(101);
      expect((await f.call(ABOUT, 'get', {})).data.html).to.equal('kept');
    });
  });

  describe('SYNO.PhotoStation.About set_visibility', () => {
    const ABOUT = 'SYNO.PhotoStation.About';
    const INFO = 'SYNO.PhotoStation.Info';
    const row = () => f.lib.db.prepare('SELECT html, hidden, title FROM about_page').all();
    const site = async () => {
      const d = (await f.call(INFO, 'getinfo', {}, null)).data;
      return { title: d.about_me_title, hidden: d.disable_aboutme };
    };

    it('hides the page and renames it, as Info.getinfo then answers; visitors read it empty, the administrator as written', async () => {
      await f.call(ABOUT, 'set', { html: '<p>Me</p>' });
      expect(await site()).to.deep.equal({ title: 'About me', hidden: false });
      expect(await f.call(ABOUT, 'set_visibility', { hidden: 'true', title: 'Who I am' })).to.deep.equal({ success: true });
      expect(row()).to.deep.equal([{ html: '<p>Me</p>', hidden: 1, title: 'Who I am' }]);
      expect(await site()).to.deep.equal({ title: 'Who I am', hidden: true });
      expect((await f.call(ABOUT, 'get', {}, null)).data).to.deep.equal({ html: '', has_content: false });
      expect((await f.call(ABOUT, 'get', {}, bob)).data).to.deep.equal({ html: '', has_content: false });
      expect((await f.call(ABOUT, 'get', {})).data).to.deep.equal({ html: '<p>Me</p>', has_content: true });
      // One field at a time leaves the other; a blank title is the configured one again.
      await f.call(ABOUT, 'set_visibility', { hidden: 'false' });
      expect(await site()).to.deep.equal({ title: 'Who I am', hidden: false });
      await f.call(ABOUT, 'set_visibility', { title: ' ' });
      expect(await site()).to.deep.equal({ title: 'About me', hidden: false });
      expect((await f.call(ABOUT, 'get', {}, null)).data).to.deep.equal({ html: '<p>Me</p>', has_content: true });
    });

    it('works before any page was written, which stays empty', async () => {
      expect((await f.call(ABOUT, 'set_visibility', { hidden: 'true' })).success).to.equal(true);
      expect(row()).to.deep.equal([{ html: '', hidden: 1, title: null }]);
      await f.call(ABOUT, 'set', { html: 'later' });
      expect(row()).to.deep.equal([{ html: 'later', hidden: 1, title: null }]);
    });

    it('refuses non-administrators (105), a title over 255 characters and a `hidden` that is no boolean (101), changing nothing', async () => {
      await f.call(ABOUT, 'set_visibility', { title: 'Kept' });
      expect((await f.call(ABOUT, 'set_visibility', { hidden: 'true' }, bob)).error?.code).to.equal(105);
      expect((await f.call(ABOUT, 'set_visibility', { hidden: 'true' }, null)).error?.code).to.equal(105);
      expect((await f.call(ABOUT, 'set_visibility', { title: 'x'.repeat(256) })).error?.code).to.equal(101);
      expect((await f.call(ABOUT, 'set_visibility', { hidden: 'maybe', title: 'Other' })).error?.code).to.equal(101);
      expect(row()).to.deep.equal([{ html: '', hidden: 0, title: 'Kept' }]);
    });
  });

  describe('SYNO.PhotoStation.Timeline', () => {
    const TIMELINE = 'SYNO.PhotoStation.Timeline';
    it('counts items per taken day, newest first, only what the caller may browse', async () => {
      const at = (album: string, name: string, iso: string) =>
        f.lib.db.prepare('UPDATE items SET taken_at = ? WHERE name = ? AND album_id = ?').run(Date.parse(iso), name, f.lib.albums.byPath(album)!.id);
      f.photo('Pub/2020', 'c.jpg');
      at('Pub/2020', 'a.jpg', '2020-05-01T10:00:00Z');
      at('Pub/2020', 'c.jpg', '2020-05-01T23:59:59Z');
      at('Priv', 'b.jpg', '2021-01-02T00:00:00Z');
      at('', 'top.jpg', '1969-12-31T12:00:00Z');
      expect((await f.call(TIMELINE, 'getindex', {})).data.items).to.deep.equal([
        { year: 2021, month: 1, day: 2, count: 1 },
        { year: 2020, month: 5, day: 1, count: 2 },
        { year: 1969, month: 12, day: 31, count: 1 },
      ]);
      expect((await f.call(TIMELINE, 'getindex', {}, null)).data.items).to.deep.equal([{ year: 2020, month: 5, day: 1, count: 2 }]);
      expect((await f.call(TIMELINE, 'getindex', { type: 'video' })).data.items).to.deep.equal([]);
    });
  });

  describe('SYNO.PhotoStation.PhotoLog', () => {
    const LOG = 'SYNO.PhotoStation.PhotoLog';
    it('records logins, refused logins, uploads, moves and deletes, never a password; administrators list and clear it', async () => {
      await f.call('SYNO.PhotoStation.Auth', 'login', { username: 'bob', password: 'wrong-secret' }, null);
      const up = await upload(
        f.url.replace('/photo/webapi/entry.cgi', ''),
        { dest_folder_path: 'Pub', filename: 'u.jpg' },
        { bytes: Buffer.from('jpeg'), filename: 'u.jpg' },
        f.adminSid,
      );
      expect(up.success, JSON.stringify(up)).to.equal(true);
      await f.call('SYNO.PhotoStation.Photo', 'copy', { id: pid('Pub/2020', 'a.jpg'), sharepath: albumId('Priv'), mode: 'move', duplicate: 'rename' });
      await f.call('SYNO.PhotoStation.Photo', 'delete', { id: pid('Priv', 'b.jpg') });
      // Refused (456: no such album), so not logged.
      await f.call('SYNO.PhotoStation.Photo', 'delete', { id: pid('Nowhere', 'none.jpg') });
      const r = await f.call(LOG, 'list', {});
      const items = r.data.items as { time: string; user: string; action: string; detail: string }[];
      expect(items.map((i) => `${i.user} ${i.action}`)).to.deep.equal(['admin delete', 'admin move', 'admin upload', 'bob login_failed', 'bob login', 'admin login']);
      expect(JSON.parse(items[2]!.detail)).to.deep.equal({ filename: 'u.jpg', dest_folder_path: 'Pub' });
      expect(JSON.parse(items[1]!.detail)).to.deep.include({ id: [pid('Pub/2020', 'a.jpg')], sharepath: albumId('Priv'), mode: 'move' });
      expect(items[0]!.time).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      expect(JSON.stringify(r.data)).to.not.contain('wrong-secret').and.not.contain('user-pw');
      expect((await f.call(LOG, 'list', {}, bob)).error?.code).to.equal(105);
      expect((await f.call(LOG, 'clear', {}, bob)).error?.code).to.equal(105);
      await f.call(LOG, 'clear', {});
      expect((await f.call(LOG, 'list', {})).data).to.deep.equal({ total: 0, offset: 0, items: [] });
    });
  });
});
