import { expect } from 'chai';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { SHARED, pid } from './helpers.ts';

describe('SYNO.PhotoStation.SharedAlbum: collections of items (SPEC §18)', () => {
  let f: OpsFixture;
  const members = (id: string, sid = f.adminSid) => f.call(SHARED, 'list_items', { id }, sid).then((r) => (r.data?.items ?? []).map((i: { id: string }) => i.id) as string[]);
  beforeEach(async () => {
    f = await OpsFixture.start();
    f.photo('A', 'a1.jpg');
    f.photo('A', 'a2.jpg');
    f.photo('B', 'b1.jpg');
  });
  afterEach(() => f.stop());

  it('creates one with items, lists it, renames it and deletes it, in versions 1 and 2', async () => {
    const made = await f.call(SHARED, 'create', { name: 'Best of', item_id: `${pid('A', 'a1.jpg')},${pid('B', 'b1.jpg')}` });
    expect(made.data.id).to.match(/^sharedalbum_\d+$/);
    expect(await members(made.data.id)).to.deep.equal([pid('A', 'a1.jpg'), pid('B', 'b1.jpg')]);
    const list = await f.call(SHARED, 'list', { additional: 'public_share' });
    expect(list.data.total).to.equal(1);
    expect(list.data.items[0]).to.deep.include({ id: made.data.id, type: 'sharedalbum' });
    expect(list.data.items[0].info).to.deep.include({ name: 'Best of', item_count: 2, owner: 'admin' });
    expect(list.data.items[0].additional.public_share).to.deep.include({ is_shared: false });
    const v2 = new URLSearchParams({ api: SHARED, method: 'edit', version: '2', id: made.data.id, name: 'Renamed', _sid: f.adminSid });
    expect(await (await fetch(f.url, { method: 'POST', body: v2 })).json()).to.deep.equal({ success: true });
    expect((await f.call(SHARED, 'getinfo', { id: made.data.id })).data.items[0].info.name).to.equal('Renamed');
    expect((await f.call(SHARED, 'delete', { id: made.data.id })).success).to.equal(true);
    expect((await f.call(SHARED, 'list', {})).data.total).to.equal(0);
    expect(f.hasItem('A/a1.jpg') && f.hasItem('B/b1.jpg'), 'the items stay').to.equal(true);
  });

  it('adds and removes items (by both method names), a second add keeping one membership', async () => {
    const id = (await f.call(SHARED, 'create', { name: 'S' })).data.id;
    expect((await f.call(SHARED, 'add_items', { id, item_id: pid('A', 'a2.jpg') })).success).to.equal(true);
    expect((await f.call(SHARED, 'additem', { id, item_id: `${pid('A', 'a2.jpg')},${pid('A', 'a1.jpg')}` })).success).to.equal(true);
    expect(await members(id)).to.deep.equal([pid('A', 'a2.jpg'), pid('A', 'a1.jpg')]);
    expect((await f.call(SHARED, 'remove_items', { id, item_id: pid('A', 'a2.jpg') })).success).to.equal(true);
    expect(await members(id)).to.deep.equal([pid('A', 'a1.jpg')]);
  });

  it('refuses bad names, unknown items and ids, changing nothing', async () => {
    const id = (await f.call(SHARED, 'create', { name: 'S', item_id: pid('A', 'a1.jpg') })).data.id;
    const refused = { success: false, error: { code: 101 } };
    expect(await f.call(SHARED, 'create', { name: '   ' })).to.deep.equal(refused);
    expect(await f.call(SHARED, 'add_items', { id, item_id: `${pid('A', 'a2.jpg')},${pid('A', 'none.jpg')}` })).to.deep.equal(refused);
    expect(await f.call(SHARED, 'add_items', { id: 'sharedalbum_999', item_id: pid('A', 'a2.jpg') })).to.deep.equal(refused);
    expect(await f.call(SHARED, 'add_items', { id: 'album_41', item_id: pid('A', 'a2.jpg') })).to.deep.equal(refused);
    expect(await members(id)).to.deep.equal([pid('A', 'a1.jpg')]);
    expect((await f.call(SHARED, 'list', {})).data.total).to.equal(1);
  });

  it('keeps users to their own shared albums, and to items they may browse', async () => {
    const id = (await f.call(SHARED, 'create', { name: 'Admin only', item_id: pid('B', 'b1.jpg') })).data.id;
    const sid = await f.user('ann', { A: { browse: true } });
    expect((await f.call(SHARED, 'list', {}, sid)).data.total).to.equal(0);
    for (const [method, params] of [
      ['getinfo', { id }],
      ['edit', { id, name: 'mine' }],
      ['delete', { id }],
      ['add_items', { id, item_id: pid('A', 'a1.jpg') }],
      ['edit_public_share', { id, is_shared: 'true' }],
    ] as const) {
      expect(await f.call(SHARED, method, params, sid), method).to.deep.equal({ success: false, error: { code: 101 } });
    }
    expect(await f.call(SHARED, 'create', { name: 'Ann', item_id: pid('B', 'b1.jpg') }, sid)).to.deep.equal({ success: false, error: { code: 101 } });
    const own = await f.call(SHARED, 'create', { name: 'Ann', item_id: pid('A', 'a1.jpg') }, sid);
    expect(own.success).to.equal(true);
    expect(await members(own.data.id, sid)).to.deep.equal([pid('A', 'a1.jpg')]);
    expect((await f.call(SHARED, 'list', {}, sid)).data.items.map((s: { info: { name: string } }) => s.info.name)).to.deep.equal(['Ann']);
    expect(await f.call(SHARED, 'list', {}, null)).to.deep.equal({ success: false, error: { code: 105 } });
  });
});
