import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { albumId } from '../../src/library/ids.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { ADVANCED, ALBUM, COMMENT, DOWNLOAD, PHOTO, SHARED, THUMB, codeOf, jpeg, pid, visit } from './helpers.ts';

const DAY = 86_400_000;
/** Local midnight some day ahead of `ms`, as `Y-m-d`. */
function ymd(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

describe('public shares: what a visitor without an account sees (SPEC §18)', function () {
  this.timeout(30000);
  let f: OpsFixture;
  let time: number;
  let shared: string;
  let shareid: string;
  let pBytes: Buffer;

  beforeEach(async () => {
    time = new Date(2030, 5, 15, 12, 0, 0).getTime();
    f = await OpsFixture.start({ now: () => time });
    pBytes = await jpeg(f, 'Private', 'p.jpg', 1);
    await jpeg(f, 'Private', 'other.jpg', 2);
    await jpeg(f, 'Trip', 'a.jpg', 3);
    await jpeg(f, 'Trip', 'b.jpg', 4);
    await jpeg(f, 'Trip/Sub', 'c.jpg', 5);
    await jpeg(f, 'Public', 'q.jpg', 6);
    f.lib.db.prepare("UPDATE albums SET type = 'public' WHERE path = 'Public'").run();
    const made = await f.call(SHARED, 'create', { name: 'Best', item_id: pid('Private', 'p.jpg') });
    expect(made.success, JSON.stringify(made)).to.equal(true);
    shared = made.data.id;
    const link = await f.call(SHARED, 'edit_public_share', { id: shared, is_shared: 'true' });
    expect(link.success, JSON.stringify(link)).to.equal(true);
    shareid = link.data.shareid;
  });
  afterEach(() => f.stop());

  it('makes a share id of at least 96 random bits and a link to the public page', async () => {
    expect(Buffer.from(shareid, 'base64url').length).to.be.at.least(12);
    const link = await f.call(SHARED, 'getinfo', { id: shared, additional: 'public_share' });
    expect(link.data.items[0].additional.public_share).to.deep.include({
      is_shared: true,
      shareid,
      public_share_url: `/photo/share/${shareid}`,
      status: 'open',
      enable_password: false,
    });
    const again = await f.call(SHARED, 'edit_public_share', { id: shared, enable_comment: 'true' });
    expect(again.data.shareid, 'an edit keeps the link').to.equal(shareid);
  });

  describe('with a shared album', () => {
    it('lists exactly its items with Photo.list, by public_share_id and by filter_public_share', async () => {
      for (const key of ['public_share_id', 'filter_public_share']) {
        const r = await visit(f, PHOTO, 'list', { [key]: shareid, offset: '0', limit: '-1' });
        expect(
          r.env?.data.items.map((i: { id: string }) => i.id),
          key,
        ).to.deep.equal([pid('Private', 'p.jpg')]);
      }
      const located = await visit(f, PHOTO, 'list', { public_share_id: shareid, offset: '0', limit: '-1', additional: 'file_location,thumb_size' });
      expect(Object.keys(located.env?.data.items[0].additional), 'no place in the library').to.deep.equal(['thumb_size']);
    });

    it('serves the thumbnail and the original of a shared item, bytes and all', async () => {
      const thumb = await visit(f, THUMB, 'get', { public_share_id: shareid, id: pid('Private', 'p.jpg'), size: 'small' });
      expect(thumb.type).to.equal('image/jpeg');
      const meta = await sharp(thumb.bytes).metadata();
      expect([meta.format, meta.height]).to.deep.equal(['jpeg', 64]);
      const admin = await fetch(`${f.url}?${new URLSearchParams({ api: THUMB, method: 'get', version: '1', id: pid('Private', 'p.jpg'), size: 'small', _sid: f.adminSid })}`);
      expect(Buffer.from(await admin.arrayBuffer()).equals(thumb.bytes), 'the same thumbnail the owner gets').to.equal(true);
      const orig = await visit(f, DOWNLOAD, 'getphoto', { public_share_id: shareid, id: pid('Private', 'p.jpg') });
      expect(orig.type).to.equal('image/jpeg');
      expect(orig.bytes.equals(pBytes)).to.equal(true);
      expect(orig.bytes.equals(readFileSync(path.join(f.photoRoot, 'Private/p.jpg')))).to.equal(true);
      const info = await visit(f, PHOTO, 'getinfo', { public_share_id: shareid, id: pid('Private', 'p.jpg') });
      expect(info.env?.data[0].id).to.equal(pid('Private', 'p.jpg'));
      expect(codeOf(await visit(f, PHOTO, 'getexif', { public_share_id: shareid, id: pid('Private', 'p.jpg') }))).to.equal(0);
    });

    it('refuses every other item, in its album or anywhere, as an id naming nothing', async () => {
      for (const id of [pid('Private', 'other.jpg'), pid('Trip', 'a.jpg'), pid('Public', 'q.jpg')]) {
        expect(codeOf(await visit(f, THUMB, 'get', { public_share_id: shareid, id })), `thumb ${id}`).to.equal(501);
        expect(codeOf(await visit(f, DOWNLOAD, 'getphoto', { public_share_id: shareid, id })), `download ${id}`).to.equal(506);
        expect(codeOf(await visit(f, PHOTO, 'getinfo', { public_share_id: shareid, id })), `getinfo ${id}`).to.equal(456);
        expect(codeOf(await visit(f, PHOTO, 'getexif', { public_share_id: shareid, id })), `getexif ${id}`).to.equal(456);
        expect(codeOf(await visit(f, COMMENT, 'list', { public_share_id: shareid, id })), `comments ${id}`).to.equal(491);
      }
      // The same code as an item that does not exist at all: nothing tells them apart.
      expect(codeOf(await visit(f, THUMB, 'get', { public_share_id: shareid, id: pid('Private', 'none.jpg') }))).to.equal(501);
      // No album as such: not its cover, not a listing of it, not an archive, not a path outside.
      expect(codeOf(await visit(f, THUMB, 'get', { public_share_id: shareid, id: albumId('Private') }))).to.equal(501);
      expect(codeOf(await visit(f, PHOTO, 'list', { public_share_id: shareid, offset: '0', limit: '-1', filter_album: albumId('Trip') }))).to.equal(456);
      expect(codeOf(await visit(f, THUMB, 'get', { public_share_id: shareid, id: pid('..', 'etc') }))).to.equal(501);
      expect(codeOf(await visit(f, DOWNLOAD, 'getitem', { public_share_id: shareid, id: albumId('Private') }))).to.equal(507);
    });

    it("refuses a visitor who names a personal library (ps_username): a share's ids are the shared library's rows", async () => {
      const r = await visit(f, PHOTO, 'list', { public_share_id: shareid, offset: '0', limit: '-1', ps_username: 'admin' });
      expect(codeOf(r)).to.equal(101);
      const d = await visit(f, DOWNLOAD, 'getphoto', { public_share_id: shareid, id: pid('Private', 'p.jpg'), ps_username: 'admin' });
      expect(codeOf(d)).to.equal(101);
    });

    it('shows a visitor only the share even when the browser also sends a session', async () => {
      const r = await visit(f, DOWNLOAD, 'getphoto', { public_share_id: shareid, id: pid('Trip', 'a.jpg'), _sid: f.adminSid });
      expect(codeOf(r)).to.equal(506);
    });

    it('keeps an item in the shared album through a move, and drops it when the item is deleted', async () => {
      const moved = await f.call(PHOTO, 'copy', { id: pid('Private', 'p.jpg'), sharepath: albumId('Trip'), mode: 'move', duplicate: 'rename' });
      expect(moved.success, JSON.stringify(moved)).to.equal(true);
      const listed = await visit(f, PHOTO, 'list', { public_share_id: shareid, offset: '0', limit: '-1' });
      expect(listed.env?.data.items.map((i: { id: string }) => i.id)).to.deep.equal([pid('Trip', 'p.jpg')]);
      expect((await visit(f, DOWNLOAD, 'getphoto', { public_share_id: shareid, id: pid('Trip', 'p.jpg') })).bytes.equals(pBytes)).to.equal(true);
      expect((await f.call(PHOTO, 'delete', { id: pid('Trip', 'p.jpg') })).success).to.equal(true);
      const after = await visit(f, PHOTO, 'list', { public_share_id: shareid, offset: '0', limit: '-1' });
      expect(after.env?.data.items).to.deep.equal([]);
      expect((await f.call(SHARED, 'getinfo', { id: shared })).data.items[0].info.item_count).to.equal(0);
    });
  });

  describe("with an album's public link", () => {
    let albumShare: string;
    beforeEach(async () => {
      const r = await f.call(ALBUM, 'edit', { id: albumId('Trip'), is_shared: 'true' });
      expect(r.success, JSON.stringify(r)).to.equal(true);
      albumShare = r.data.shareid;
      expect(r.data.public_share_url).to.equal(`/photo/share/${albumShare}`);
    });

    it("lists the album's own photos, not its sub-albums' nor anything else", async () => {
      const r = await visit(f, PHOTO, 'list', { public_share_id: albumShare, offset: '0', limit: '-1' });
      expect(r.env?.data.items.map((i: { id: string }) => i.id).sort()).to.deep.equal([pid('Trip', 'a.jpg'), pid('Trip', 'b.jpg')]);
      expect(codeOf(await visit(f, DOWNLOAD, 'getphoto', { public_share_id: albumShare, id: pid('Trip/Sub', 'c.jpg') }))).to.equal(506);
      expect(codeOf(await visit(f, DOWNLOAD, 'getphoto', { public_share_id: albumShare, id: pid('Private', 'p.jpg') }))).to.equal(506);
      const a = await visit(f, DOWNLOAD, 'getphoto', { public_share_id: albumShare, id: pid('Trip', 'a.jpg') });
      expect(a.bytes.equals(readFileSync(path.join(f.photoRoot, 'Trip/a.jpg')))).to.equal(true);
    });

    it('answers the link in Album.getinfo additional=public_share to its managers only', async () => {
      const r = await f.call(ALBUM, 'getinfo', { id: albumId('Trip'), additional: 'public_share' });
      expect(r.data.items[0].additional.public_share).to.deep.include({ shareid: albumShare, is_shared: true });
      const sid = await f.user('ann', { Trip: { browse: true } });
      const ann = await f.call(ALBUM, 'getinfo', { id: albumId('Trip'), additional: 'public_share' }, sid);
      expect(ann.data.items[0].additional).to.not.have.property('public_share');
      const list = await f.call(ALBUM, 'list', { id: '', offset: '0', limit: '-1', additional: 'public_share' });
      const trip = list.data.items.find((i: { id: string }) => i.id === albumId('Trip'));
      expect(trip.additional.public_share.shareid).to.equal(albumShare);
    });

    it('refuses the link at once when the album is deleted', async () => {
      expect((await f.call(ALBUM, 'delete', { id: albumId('Trip') })).success).to.equal(true);
      expect(codeOf(await visit(f, PHOTO, 'list', { public_share_id: albumShare, offset: '0', limit: '-1' }))).to.equal(105);
    });
  });

  describe('the time window', () => {
    it('is refused before, open during and refused after, and getinfo_public says which', async () => {
      const tomorrow = ymd(time + DAY);
      const inThree = ymd(time + 3 * DAY);
      expect((await f.call(SHARED, 'edit_public_share', { id: shared, start_time: tomorrow, end_time: `${inThree} 18:00:00` })).success).to.equal(true);
      const list = () => visit(f, PHOTO, 'list', { public_share_id: shareid, offset: '0', limit: '-1' });
      const status = async () => (await visit(f, SHARED, 'getinfo_public', { public_share_id: shareid })).env?.data.status;
      expect(codeOf(await list())).to.equal(105);
      expect(codeOf(await visit(f, DOWNLOAD, 'getphoto', { public_share_id: shareid, id: pid('Private', 'p.jpg') }))).to.equal(105);
      expect(await status()).to.equal('not_yet_open');
      time += DAY;
      expect(codeOf(await list())).to.equal(0);
      expect(await status()).to.equal('open');
      time = new Date(`${inThree}T18:00:00`).getTime();
      expect(codeOf(await list()), 'the last second is inside').to.equal(0);
      time += 1000;
      expect(codeOf(await list())).to.equal(105);
      expect(await status()).to.equal('expired');
      // Days went by: the owner's session idled out.
      f.adminSid = await f.login('admin', 'admin-pw');
      const info = await f.call(SHARED, 'getinfo', { id: shared, additional: 'public_share' });
      expect(info.data.items[0].additional.public_share).to.deep.include({ start_time: `${tomorrow} 00:00:00`, end_time: `${inThree} 18:00:00`, status: 'expired' });
      // Emptied, the window is open again.
      expect((await f.call(SHARED, 'edit_public_share', { id: shared, start_time: '', end_time: '' })).success).to.equal(true);
      expect(codeOf(await list())).to.equal(0);
    });

    it('refuses bad times and an end before the start, changing nothing', async () => {
      for (const bad of [{ start_time: '2030-02-30' }, { end_time: 'tomorrow' }, { start_time: '2030-01-02', end_time: '2030-01-01' }] as Record<string, string>[]) {
        expect(await f.call(SHARED, 'edit_public_share', { id: shared, ...bad }), JSON.stringify(bad)).to.deep.equal({ success: false, error: { code: 101 } });
      }
      expect(codeOf(await visit(f, PHOTO, 'list', { public_share_id: shareid, offset: '0', limit: '-1' }))).to.equal(0);
    });
  });

  describe('a password', () => {
    beforeEach(async () => {
      expect((await f.call(SHARED, 'edit_public_share', { id: shared, enable_password: 'true', password: 'sesame' })).success).to.equal(true);
    });
    const list = (extra: Record<string, string>) => visit(f, PHOTO, 'list', { public_share_id: shareid, offset: '0', limit: '-1', ...extra });

    it('is stored hashed, refused missing or wrong (416), and opens the share when right', async () => {
      const stored = f.lib.db.prepare('SELECT password FROM public_shares').pluck().get() as string;
      expect(stored)
        .to.match(/^scrypt\$/)
        .and.not.include('sesame');
      expect(codeOf(await list({}))).to.equal(416);
      expect(codeOf(await list({ password: 'wrong' }))).to.equal(416);
      expect(codeOf(await list({ password: 'sesame' }))).to.equal(0);
      const thumb = await visit(f, THUMB, 'get', { public_share_id: shareid, id: pid('Private', 'p.jpg'), password: 'sesame' });
      expect(thumb.type).to.equal('image/jpeg');
      expect((await visit(f, SHARED, 'getinfo_public', { public_share_id: shareid })).env?.data.enable_password).to.equal(true);
    });

    it('is throttled after five wrong ones, even the right one, until the window passes', async () => {
      for (let i = 0; i < 5; i++) expect(codeOf(await list({ password: `wrong${i}` }))).to.equal(416);
      expect(codeOf(await list({ password: 'sesame' }))).to.equal(410);
      time += 16 * 60_000;
      expect(codeOf(await list({ password: 'sesame' }))).to.equal(0);
    });

    it('can be removed', async () => {
      expect((await f.call(SHARED, 'edit_public_share', { id: shared, enable_password: 'false' })).success).to.equal(true);
      expect(codeOf(await list({}))).to.equal(0);
    });
  });

  it('refuses guessed share ids', async () => {
    for (let i = 0; i < 100; i++) {
      const guess = randomBytes(16).toString('base64url');
      expect(codeOf(await visit(f, PHOTO, 'list', { public_share_id: guess, offset: '0', limit: '-1' }))).to.equal(105);
    }
    for (const guess of [shareid.slice(0, -1), `${shareid}x`, shareid.toUpperCase(), '../../etc', "' OR 1=1 --"]) {
      expect(codeOf(await visit(f, THUMB, 'get', { public_share_id: guess, id: pid('Private', 'p.jpg') })), guess).to.equal(105);
    }
    expect(codeOf(await visit(f, SHARED, 'getinfo_public', { public_share_id: randomBytes(16).toString('base64url') }))).to.equal(105);
  });

  it('refuses a deleted or unshared share at once', async () => {
    expect((await f.call(SHARED, 'edit_public_share', { id: shared, is_shared: 'false' })).success).to.equal(true);
    expect(codeOf(await visit(f, PHOTO, 'list', { public_share_id: shareid, offset: '0', limit: '-1' }))).to.equal(105);
    expect((await f.call(SHARED, 'edit_public_share', { id: shared, is_shared: 'true' })).data.shareid, 'shared again: the same link').to.equal(shareid);
    expect(codeOf(await visit(f, PHOTO, 'list', { public_share_id: shareid, offset: '0', limit: '-1' }))).to.equal(0);
    expect((await f.call(SHARED, 'delete', { id: shared })).success).to.equal(true);
    expect(codeOf(await visit(f, PHOTO, 'list', { public_share_id: shareid, offset: '0', limit: '-1' }))).to.equal(105);
    expect(codeOf(await visit(f, DOWNLOAD, 'getphoto', { public_share_id: shareid, id: pid('Private', 'p.jpg') }))).to.equal(105);
  });

  it('lets a visitor change nothing, and comment only where the share allows it', async () => {
    const before = f.hashes();
    const s = { public_share_id: shareid };
    const p = pid('Private', 'p.jpg');
    for (const [api, method, params] of [
      [PHOTO, 'edit', { id: p, title: 'hacked' }],
      [PHOTO, 'delete', { id: p }],
      [PHOTO, 'copy', { id: p, sharepath: albumId('Trip'), mode: 'move', duplicate: 'rename' }],
      [ALBUM, 'edit', { id: albumId('Private'), title: 'x' }],
      [ALBUM, 'delete', { id: albumId('Private') }],
      [SHARED, 'add_items', { id: shared, item_id: pid('Trip', 'a.jpg') }],
      [SHARED, 'edit_public_share', { id: shared, password: 'mine' }],
      [SHARED, 'delete', { id: shared }],
      ['SYNO.PhotoStation.File', 'uploadphoto', { dest_folder_path: 'Private', filename: 'x.jpg' }],
    ] as const) {
      expect(codeOf(await visit(f, api, method, { ...s, ...params })), `${api}.${method}`).to.equal(105);
    }
    expect(f.hashes()).to.deep.equal(before);
    expect(f.lib.items.byId(f.lib.items.get(f.album('Private').id, 'p.jpg')!.id)?.title).to.equal('');
    expect((await f.call(SHARED, 'getinfo', { id: shared })).data.items[0].info.item_count).to.equal(1);
    expect(codeOf(await visit(f, COMMENT, 'create', { ...s, id: p, name: 'Friend', comment: 'nice' }))).to.equal(492);
    expect((await f.call(SHARED, 'edit_public_share', { id: shared, enable_comment: 'true' })).success).to.equal(true);
    expect(codeOf(await visit(f, COMMENT, 'create', { ...s, id: p, comment: 'no name' }))).to.equal(491);
    expect(codeOf(await visit(f, COMMENT, 'create', { ...s, id: p, name: 'Friend', comment: 'nice' }))).to.equal(0);
    expect(codeOf(await visit(f, COMMENT, 'create', { ...s, id: pid('Trip', 'a.jpg'), name: 'Friend', comment: 'no' }))).to.equal(491);
    const comments = await visit(f, COMMENT, 'list', { ...s, id: p });
    expect(comments.env?.data.comments.map((c: { name: string; comment: string }) => [c.name, c.comment])).to.deep.equal([['Friend', 'nice']]);
  });

  it("records what visitors viewed in the share's log, read by its owner only", async () => {
    const p = pid('Private', 'p.jpg');
    await visit(f, PHOTO, 'list', { public_share_id: shareid, offset: '0', limit: '-1' });
    await visit(f, THUMB, 'get', { public_share_id: shareid, id: p, size: 'small' });
    time += 1000;
    await visit(f, THUMB, 'get', { public_share_id: shareid, id: p, size: 'large' });
    time += 1000;
    await visit(f, DOWNLOAD, 'getphoto', { public_share_id: shareid, id: p });
    // A refused view is not a view.
    await visit(f, DOWNLOAD, 'getphoto', { public_share_id: shareid, id: pid('Trip', 'a.jpg') });
    const log = await f.call(ADVANCED, 'list_log', { id: shared });
    expect(log.success, JSON.stringify(log)).to.equal(true);
    expect(log.data.total).to.equal(3);
    expect(log.data.items.map((v: { action: string; item_id: string; ip: string }) => [v.action, v.item_id, v.ip])).to.deep.equal([
      ['download', p, '127.0.0.1'],
      ['view', p, '127.0.0.1'],
      ['list', '', '127.0.0.1'],
    ]);
    expect(log.data.items[0].time).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const sid = await f.user('bob', { Private: { browse: true } });
    expect(await f.call(ADVANCED, 'list_log', { id: shared }, sid)).to.deep.equal({ success: false, error: { code: 101 } });
    expect(await f.call(SHARED, 'getinfo', { id: shared }, sid)).to.deep.equal({ success: false, error: { code: 101 } });
  });
});
