import { expect } from 'chai';
import { albumId, itemId } from '../../src/library/ids.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';

const ALBUM = 'SYNO.PhotoStation.Album';
const pid = (album: string, name: string) => itemId(album, name, 'photo');

describe('Album.arrangeitem and cleararrangeitem', () => {
  let f: OpsFixture;
  const listed = async (extra: Record<string, string> = {}) => {
    const r = await f.call(ALBUM, 'list', { id: albumId('A'), offset: '0', limit: '-1', sort_by: 'preference', ...extra });
    expect(r.success, JSON.stringify(r)).to.equal(true);
    return (r.data.items as { info: { name: string } }[]).map((i) => i.info.name);
  };
  beforeEach(async () => {
    f = await OpsFixture.start();
    for (const n of ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg']) f.photo('A', n);
    f.album('A/X');
    f.album('A/Y');
  });
  afterEach(() => f.stop());

  it('lists by file name until arranged', async () => {
    expect(await listed()).to.deep.equal(['X', 'Y', 'a.jpg', 'b.jpg', 'c.jpg', 'd.jpg']);
  });

  it('puts the given entries at the offset, in the given order, read by sort_by=preference', async () => {
    const r = await f.call(ALBUM, 'arrangeitem', { id: albumId('A'), item_id: `${pid('A', 'd.jpg')},${pid('A', 'b.jpg')}`, offset: '2' });
    expect(r).to.deep.equal({ success: true });
    expect(await listed()).to.deep.equal(['X', 'Y', 'd.jpg', 'b.jpg', 'a.jpg', 'c.jpg']);
    expect(await listed({ sort_direction: 'desc' })).to.deep.equal(['Y', 'X', 'c.jpg', 'a.jpg', 'b.jpg', 'd.jpg']);
    await f.call(ALBUM, 'arrangeitem', { id: albumId('A'), item_id: `${albumId('A/Y')},${pid('A', 'c.jpg')}` });
    expect(await listed()).to.deep.equal(['Y', 'X', 'c.jpg', 'd.jpg', 'b.jpg', 'a.jpg']);
    // An album whose own setting is `preference` lists that way without being asked.
    await f.call(ALBUM, 'edit', { id: albumId('A'), sort_by: 'preference' });
    const plain = await f.call(ALBUM, 'list', { id: albumId('A'), offset: '0', limit: '-1' });
    expect(plain.data.items.map((i: { info: { name: string } }) => i.info.name)).to.deep.equal(['Y', 'X', 'c.jpg', 'd.jpg', 'b.jpg', 'a.jpg']);
  });

  it('lets an item or an album moved elsewhere forget its place; one renamed in place keeps it', async () => {
    f.album('B');
    await f.call(ALBUM, 'arrangeitem', { id: albumId('A'), item_id: `${albumId('A/Y')},${pid('A', 'd.jpg')},${pid('A', 'c.jpg')}` });
    expect(await listed()).to.deep.equal(['Y', 'X', 'd.jpg', 'c.jpg', 'a.jpg', 'b.jpg']);
    const moved = await f.call('SYNO.PhotoStation.Photo', 'copy', { id: pid('A', 'd.jpg'), sharepath: albumId('B'), mode: 'move', duplicate: 'rename' });
    expect(moved.success, JSON.stringify(moved)).to.equal(true);
    expect((await f.call(ALBUM, 'move', { id: albumId('A/Y'), sharepath: albumId('B'), duplicate: 'ignore' })).success).to.equal(true);
    const renamed = await f.call(ALBUM, 'edit', { id: albumId('A/X'), name: 'X2' });
    expect(renamed.success, JSON.stringify(renamed)).to.equal(true);
    const position = (sql: string) => f.lib.db.prepare(sql).pluck().get();
    expect(position("SELECT position FROM items WHERE name = 'd.jpg'")).to.equal(null);
    expect(position("SELECT position FROM albums WHERE path = 'B/Y'")).to.equal(null);
    expect(await listed()).to.deep.equal(['X2', 'c.jpg', 'a.jpg', 'b.jpg']);
    // Moved back, each sorts after the arranged entries, by name.
    await f.call('SYNO.PhotoStation.Photo', 'copy', { id: pid('B', 'd.jpg'), sharepath: albumId('A'), mode: 'move', duplicate: 'rename' });
    expect(await listed()).to.deep.equal(['X2', 'c.jpg', 'a.jpg', 'b.jpg', 'd.jpg']);
  });

  it('forgets the order with cleararrangeitem', async () => {
    await f.call(ALBUM, 'arrangeitem', { id: albumId('A'), item_id: pid('A', 'd.jpg') });
    expect((await f.call(ALBUM, 'cleararrangeitem', { id: albumId('A') })).success).to.equal(true);
    expect(await listed()).to.deep.equal(['X', 'Y', 'a.jpg', 'b.jpg', 'c.jpg', 'd.jpg']);
  });

  it('needs manage (419) and entries of the album itself (101), changing nothing', async () => {
    f.photo('B', 'z.jpg');
    const bob = await f.user('bob', { A: { browse: true, upload: true } });
    expect((await f.call(ALBUM, 'arrangeitem', { id: albumId('A'), item_id: pid('A', 'd.jpg') }, bob)).error?.code).to.equal(419);
    expect((await f.call(ALBUM, 'cleararrangeitem', { id: albumId('A') }, bob)).error?.code).to.equal(419);
    for (const item of [pid('B', 'z.jpg'), `${pid('A', 'd.jpg')},${pid('A', 'none.jpg')}`, albumId('B'), 'photo_zz', '']) {
      expect((await f.call(ALBUM, 'arrangeitem', { id: albumId('A'), item_id: item })).error?.code, item).to.equal(101);
    }
    expect((await f.call(ALBUM, 'arrangeitem', { id: albumId('A'), item_id: pid('A', 'd.jpg'), offset: '-1' })).error?.code).to.equal(101);
    expect(f.lib.db.prepare('SELECT count(*) FROM items WHERE position IS NOT NULL').pluck().get()).to.equal(0);
    expect(await listed()).to.deep.equal(['X', 'Y', 'a.jpg', 'b.jpg', 'c.jpg', 'd.jpg']);
  });
});
