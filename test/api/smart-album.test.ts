import { expect } from 'chai';
import { itemId } from '../../src/library/ids.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';

const SMART = 'SYNO.PhotoStation.SmartAlbum';
const PHOTO = 'SYNO.PhotoStation.Photo';
const day = (d: string) => Date.parse(`${d}T12:00:00Z`);

describe('SYNO.PhotoStation.SmartAlbum and Photo.list filter_smart', () => {
  let f: OpsFixture;
  const names = async (smart: string, sid: string | null = f.adminSid) => {
    const r = await f.call(PHOTO, 'list', { filter_smart: smart, offset: '0', limit: '-1', sort_by: 'filename' }, sid);
    expect(r.success, JSON.stringify(r)).to.equal(true);
    return (r.data.items as { info: { name: string } }[]).map((i) => i.info.name);
  };
  const count = () => f.lib.db.prepare('SELECT count(*) FROM smart_albums').pluck().get() as number;
  beforeEach(async () => {
    f = await OpsFixture.start();
    const set = (row: { id: number }, taken: string, rating: number) => f.lib.items.update(row.id, { taken_at: day(taken), rating });
    set(f.photo('Pub', 'a.jpg'), '2020-01-10', 5);
    set(f.photo('Pub', 'b.jpg'), '2020-02-10', 2);
    set(f.photo('Pub', 'c.mp4'), '2020-01-20', 4);
    set(f.photo('Priv', 'd.jpg'), '2020-01-15', 5);
    f.lib.db.prepare("UPDATE albums SET type = 'public' WHERE path = 'Pub'").run();
    f.lib.db.prepare("UPDATE albums SET type = 'private' WHERE path = 'Priv'").run();
  });
  afterEach(() => f.stop());

  it('creates one whose id is smart_<hex of name>, listed and described', async () => {
    const r = await f.call(SMART, 'create', { name: 'Best', type: 'photo', rating: '4', date_from: '2020-01-01', date_to: '2020-01-31' });
    expect(r).to.deep.equal({ success: true, data: { id: `smart_${Buffer.from('Best').toString('hex')}` } });
    const list = await f.call(SMART, 'list', {}, null);
    expect(list.data).to.deep.equal({
      total: 1,
      offset: 1,
      smart_albums: [
        { id: r.data.id, type: 'smart_album', name: 'Best', condition: { type: ['photo'], tag: [], tag_policy: 'or', date_from: '2020-01-01', date_to: '2020-01-31', rating: 4 } },
      ],
    });
    expect((await f.call(SMART, 'getinfo', { id: r.data.id })).data.smart_albums[0].name).to.equal('Best');
  });

  it('selects by type, taken dates (both included) and minimum rating, only what the caller may browse', async () => {
    const best = (await f.call(SMART, 'create', { name: 'Best', type: 'photo', rating: '4', date_from: '2020-01-01', date_to: '2020-01-15' })).data.id;
    expect(await names(best)).to.deep.equal(['a.jpg', 'd.jpg']);
    expect(await names(best, null)).to.deep.equal(['a.jpg']);
    const videos = (await f.call(SMART, 'create', { name: 'Videos', type: 'video' })).data.id;
    expect(await names(videos)).to.deep.equal(['c.mp4']);
    const all = (await f.call(SMART, 'create', { name: 'All' })).data.id;
    expect(await names(all)).to.deep.equal(['a.jpg', 'b.jpg', 'c.mp4', 'd.jpg']);
  });

  it('edits the condition and the name (a new id); an empty date removes the bound', async () => {
    const id = (await f.call(SMART, 'create', { name: 'Jan', date_from: '2020-01-01', date_to: '2020-01-31' })).data.id;
    const r = await f.call(SMART, 'edit', { id, name: 'Since Feb', date_from: '2020-02-01', date_to: '' });
    expect(r.data.id).to.equal(`smart_${Buffer.from('Since Feb').toString('hex')}`);
    expect(await names(r.data.id)).to.deep.equal(['b.jpg']);
    expect((await f.call(PHOTO, 'list', { filter_smart: id, offset: '0', limit: '1' })).error?.code).to.equal(456);
  });

  it('edits one named with 255 characters of 3 bytes each, whose id is 1 536 characters long', async () => {
    const id = (await f.call(SMART, 'create', { name: '海'.repeat(255), rating: '5' })).data.id as string;
    expect(id).to.have.length(6 + 255 * 3 * 2);
    expect(await f.call(SMART, 'edit', { id, rating: '4' })).to.deep.equal({ success: true, data: { id } });
    expect(await names(id)).to.deep.equal(['a.jpg', 'c.mp4', 'd.jpg']);
  });

  it('selects by tags put on items through PhotoTag, any of them (or) or all of them (and)', async () => {
    const tag = async (name: string) => (await f.call('SYNO.PhotoStation.Tag', 'create', { name, type: 'desc' })).data.id as string;
    const sea = await tag('sea');
    const sun = await tag('sun');
    const or = (await f.call(SMART, 'create', { name: 'Tagged', tag: `${sea},${sun}` })).data.id;
    const and = (await f.call(SMART, 'create', { name: 'Both', tag: `${sea},${sun}`, tag_policy: 'and' })).data.id;
    expect(await names(or)).to.deep.equal([]);
    const put = async (item: string, tagId: string) =>
      expect((await f.call('SYNO.PhotoStation.PhotoTag', 'desc_tag', { id: itemId('Pub', item, 'photo'), tag_id: tagId })).success).to.equal(true);
    await put('a.jpg', sea);
    await put('a.jpg', sun);
    await put('b.jpg', sun);
    expect(await names(or)).to.deep.equal(['a.jpg', 'b.jpg']);
    expect(await names(and)).to.deep.equal(['a.jpg']);
  });

  it('refuses bad input with 101 and non-administrators with 105, creating nothing', async () => {
    const bad: Record<string, string>[] = [
      { name: 'X', date_from: '2020-13-01' },
      { name: 'X', date_from: '2020-02-01', date_to: '2020-01-01' },
      { name: 'X', rating: '6' },
      { name: 'X', tag: 'bob' },
      { name: '' },
      { name: 'X', type: 'album' },
    ];
    for (const p of bad) {
      expect((await f.call(SMART, 'create', p)).error?.code, JSON.stringify(p)).to.equal(101);
    }
    await f.call(SMART, 'create', { name: 'X' });
    expect((await f.call(SMART, 'create', { name: 'X' })).error?.code).to.equal(101);
    const bob = await f.user('bob', {});
    expect((await f.call(SMART, 'create', { name: 'Y' }, bob)).error?.code).to.equal(105);
    expect((await f.call(SMART, 'delete', { id: `smart_${Buffer.from('X').toString('hex')}` }, bob)).error?.code).to.equal(105);
    expect((await f.call(SMART, 'getinfo', { id: 'smart_zz' })).error?.code).to.equal(101);
    expect(count()).to.equal(1);
    expect((await f.call(SMART, 'delete', { id: `smart_${Buffer.from('X').toString('hex')}` })).success).to.equal(true);
    expect(count()).to.equal(0);
  });

  it('answers items with ids that name them', async () => {
    const all = (await f.call(SMART, 'create', { name: 'All', type: 'video' })).data.id;
    const r = await f.call(PHOTO, 'list', { filter_smart: all, offset: '0', limit: '10' });
    expect(r.data.items[0].id).to.equal(itemId('Pub', 'c.mp4', 'video'));
  });
});
