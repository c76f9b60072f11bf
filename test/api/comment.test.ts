import { expect } from 'chai';
import { albumId, itemId } from '../../src/library/ids.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';

const COMMENT = 'SYNO.PhotoStation.Comment';
const ALBUM = 'SYNO.PhotoStation.Album';
const PHOTO = 'SYNO.PhotoStation.Photo';
const pid = (album: string, name: string) => itemId(album, name, 'photo');

describe('SYNO.PhotoStation.Comment', () => {
  let f: OpsFixture;
  const count = () => f.lib.db.prepare('SELECT count(*) FROM comments').pluck().get() as number;
  const texts = async (id: string, sid: string | null = f.adminSid) => {
    const r = await f.call(COMMENT, 'list', { id }, sid);
    return (r.data.comments as { comment: string }[]).map((c) => c.comment);
  };
  beforeEach(async () => {
    f = await OpsFixture.start();
    f.photo('Open', 'a.jpg');
    f.photo('Closed', 'b.jpg');
    f.lib.db.prepare("UPDATE albums SET type = 'public' WHERE path IN ('Open', 'Closed')").run();
    expect((await f.call(ALBUM, 'edit', { id: albumId('Open'), allow_comment: 'true' })).success).to.equal(true);
  });
  afterEach(() => f.stop());

  it('answers allow_comment in the album info, set by Album.edit and Album.create', async () => {
    const r = await f.call(ALBUM, 'getinfo', { id: `${albumId('Open')},${albumId('Closed')}` });
    expect(r.data.items.map((i: { info: { allow_comment: boolean } }) => i.info.allow_comment)).to.deep.equal([true, false]);
    await f.call(ALBUM, 'create', { name: 'New', allow_comment: 'yes' });
    expect(f.lib.albums.byPath('New')?.allow_comment).to.equal(1);
    await f.call(ALBUM, 'create', { name: 'Shut', allow_comment: 'false' });
    expect(f.lib.albums.byPath('Shut')?.allow_comment).to.equal(0);
  });

  it('gives an album created without allow_comment the site setting (on by default)', async () => {
    await f.call(ALBUM, 'create', { name: 'Plain' });
    expect(f.lib.albums.byPath('Plain')?.allow_comment).to.equal(1);
    const r = await f.call(ALBUM, 'getinfo', { id: albumId('Plain') });
    expect(r.data.items[0].info.allow_comment).to.equal(true);
  });

  it('adds comments and lists them oldest first with their date, the text kept as given', async () => {
    const html = '<script>alert(1)</script> & "quotes"';
    const r = await f.call(COMMENT, 'create', { id: pid('Open', 'a.jpg'), name: 'Ann', email: 'ann@example.org', comment: html });
    expect(r.data.id).to.match(/^comment_\d+$/);
    await f.call(COMMENT, 'create', { id: pid('Open', 'a.jpg'), comment: 'second' });
    const list = await f.call(COMMENT, 'list', { id: pid('Open', 'a.jpg') });
    expect(list.data.comments).to.have.length(2);
    expect(list.data.comments[0]).to.deep.include({ id: r.data.id, name: 'Ann', email: 'ann@example.org', comment: html });
    expect(list.data.comments[0].date).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(list.data.comments[1]).to.deep.include({ name: 'admin', email: '', comment: 'second' });
  });

  it('lets a guest comment where the album is public and allows comments, with a name', async () => {
    expect((await f.call(COMMENT, 'create', { id: pid('Open', 'a.jpg'), name: 'Guest', comment: 'hi' }, null)).success).to.equal(true);
    expect(await f.call(COMMENT, 'create', { id: pid('Open', 'a.jpg'), comment: 'no name' }, null)).to.deep.equal({ success: false, error: { code: 491 } });
    expect(await texts(pid('Open', 'a.jpg'), null)).to.deep.equal(['hi']);
  });

  it('answers 492 where the album does not allow comments or the caller may not browse, adding nothing', async () => {
    expect(await f.call(COMMENT, 'create', { id: pid('Closed', 'b.jpg'), comment: 'x' })).to.deep.equal({ success: false, error: { code: 492 } });
    f.lib.db.prepare("UPDATE albums SET type = 'private' WHERE path = 'Open'").run();
    const bob = await f.user('bob', {});
    expect(await f.call(COMMENT, 'create', { id: pid('Open', 'a.jpg'), comment: 'x' }, bob)).to.deep.equal({ success: false, error: { code: 492 } });
    expect(await f.call(COMMENT, 'list', { id: pid('Open', 'a.jpg') }, bob)).to.deep.equal({ success: false, error: { code: 492 } });
    expect(await f.call(COMMENT, 'list', { id: pid('Open', 'a.jpg') }, null)).to.deep.equal({ success: false, error: { code: 492 } });
    expect(count()).to.equal(0);
  });

  it('answers 491 for bad input: unknown item, bad id, too long or blank text', async () => {
    const bad: Record<string, string>[] = [
      { id: pid('Open', 'none.jpg'), comment: 'x' },
      { id: 'photo_zz', comment: 'x' },
      { id: pid('Open', 'a.jpg'), comment: 'x'.repeat(4097) },
      { id: pid('Open', 'a.jpg'), comment: '   ' },
      { id: pid('Open', 'a.jpg'), comment: 'x', name: 'n'.repeat(129) },
      { id: pid('Open', 'a.jpg') },
    ];
    for (const p of bad) expect(await f.call(COMMENT, 'create', p), JSON.stringify(p).slice(0, 80)).to.deep.equal({ success: false, error: { code: 491 } });
    expect(count()).to.equal(0);
    expect((await f.call(COMMENT, 'create', { id: pid('Open', 'a.jpg'), comment: 'x'.repeat(4096) })).success).to.equal(true);
  });

  describe('delete', () => {
    let cid: string;
    beforeEach(async () => {
      cid = (await f.call(COMMENT, 'create', { id: pid('Open', 'a.jpg'), comment: 'bye' })).data.id;
    });

    it('needs manage on the album: 492 for a browser, done for a manager', async () => {
      const viewer = await f.user('viewer', { Open: { browse: true, upload: true } });
      expect(await f.call(COMMENT, 'delete', { id: pid('Open', 'a.jpg'), comment_id: cid }, viewer)).to.deep.equal({ success: false, error: { code: 492 } });
      expect(count()).to.equal(1);
      const manager = await f.user('manager', { Open: { manage: true } });
      expect((await f.call(COMMENT, 'delete', { id: pid('Open', 'a.jpg'), comment_id: cid }, manager)).success).to.equal(true);
      expect(count()).to.equal(0);
    });

    it('answers 491 for a comment of another item or a malformed id', async () => {
      expect(await f.call(COMMENT, 'delete', { id: pid('Closed', 'b.jpg'), comment_id: cid })).to.deep.equal({ success: false, error: { code: 491 } });
      expect(await f.call(COMMENT, 'delete', { id: pid('Open', 'a.jpg'), comment_id: 'comment_x' })).to.deep.equal({ success: false, error: { code: 491 } });
      expect(count()).to.equal(1);
    });
  });

  describe('comments follow their item', () => {
    beforeEach(async () => {
      await f.call(COMMENT, 'create', { id: pid('Open', 'a.jpg'), comment: 'kept' });
    });

    it('through a move to another album, and an album rename', async () => {
      const r = await f.call(PHOTO, 'copy', { id: pid('Open', 'a.jpg'), sharepath: albumId('Closed'), mode: 'move', duplicate: 'rename' });
      expect(r.success, JSON.stringify(r)).to.equal(true);
      expect(await texts(pid('Closed', 'a.jpg'))).to.deep.equal(['kept']);
      await f.call(ALBUM, 'edit', { id: albumId('Closed'), name: 'Renamed' });
      expect(await texts(pid('Renamed', 'a.jpg'))).to.deep.equal(['kept']);
    });

    it('with a copy, each copy then on its own', async () => {
      await f.call(PHOTO, 'copy', { id: pid('Open', 'a.jpg'), sharepath: albumId('Closed'), mode: 'copy', duplicate: 'rename' });
      expect(await texts(pid('Closed', 'a.jpg'))).to.deep.equal(['kept']);
      await f.call(COMMENT, 'create', { id: pid('Open', 'a.jpg'), comment: 'only here' });
      expect(await texts(pid('Closed', 'a.jpg'))).to.deep.equal(['kept']);
      expect(await texts(pid('Open', 'a.jpg'))).to.deep.equal(['kept', 'only here']);
    });

    it('to the trash and back, for an item and for an album', async () => {
      await f.call(PHOTO, 'delete', { id: pid('Open', 'a.jpg') });
      expect(count()).to.equal(0);
      let entries = (await f.call('SYNO.PhotoStation.Trash', 'list', {})).data.items as { id: number }[];
      await f.call('SYNO.PhotoStation.Trash', 'restore', { id: String(entries[0]?.id) });
      expect(await texts(pid('Open', 'a.jpg'))).to.deep.equal(['kept']);

      await f.call(ALBUM, 'delete', { id: albumId('Open') });
      expect(count()).to.equal(0);
      entries = (await f.call('SYNO.PhotoStation.Trash', 'list', {})).data.items;
      await f.call('SYNO.PhotoStation.Trash', 'restore', { id: String(entries[0]?.id) });
      expect(await texts(pid('Open', 'a.jpg'))).to.deep.equal(['kept']);
      expect(f.lib.albums.byPath('Open')?.allow_comment).to.equal(1);
    });
  });
});
