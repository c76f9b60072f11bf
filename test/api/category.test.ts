import { expect } from 'chai';
import { albumId } from '../../src/library/ids.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';

const CATEGORY = 'SYNO.PhotoStation.Category';
const smartOf = (name: string) => `smart_${Buffer.from(name).toString('hex')}`;

describe('SYNO.PhotoStation.Category', () => {
  let f: OpsFixture;
  const rows = () => f.lib.db.prepare('SELECT name, hidden FROM categories ORDER BY position').all();
  const entryCount = () => f.lib.db.prepare('SELECT count(*) FROM category_entries').pluck().get() as number;
  beforeEach(async () => {
    f = await OpsFixture.start();
    f.photo('Pub', 'a.jpg');
    f.photo('Priv', 'b.jpg');
    f.lib.db.prepare("UPDATE albums SET type = 'public' WHERE path = 'Pub'").run();
    f.lib.db.prepare("UPDATE albums SET type = 'private' WHERE path = 'Priv'").run();
    await f.call('SYNO.PhotoStation.SmartAlbum', 'create', { name: 'Best', rating: '4' });
  });
  afterEach(() => f.stop());

  it('creates, renames, hides, orders and deletes categories', async () => {
    const a = (await f.call(CATEGORY, 'create', { name: 'Trips' })).data.id;
    const b = (await f.call(CATEGORY, 'create', { name: 'Family' })).data.id;
    expect(a).to.match(/^category_\d+$/);
    expect((await f.call(CATEGORY, 'list', {})).data).to.deep.equal({
      total: 2,
      offset: 2,
      categories: [
        { id: a, name: 'Trips', hidden: false },
        { id: b, name: 'Family', hidden: false },
      ],
    });
    await f.call(CATEGORY, 'arrangecategory', { id: b });
    await f.call(CATEGORY, 'edit', { id: a, name: 'Travel', hidden: 'true' });
    expect(rows()).to.deep.equal([
      { name: 'Family', hidden: 0 },
      { name: 'Travel', hidden: 1 },
    ]);
    // Hidden categories are for administrators only.
    expect((await f.call(CATEGORY, 'list', {}, null)).data.categories.map((c: { name: string }) => c.name)).to.deep.equal(['Family']);
    expect((await f.call(CATEGORY, 'getinfo', { id: a }, null)).error?.code).to.equal(101);
    await f.call(CATEGORY, 'delete', { id: `${a},${b}` });
    expect(rows()).to.deep.equal([]);
  });

  it('holds albums and smart albums in order; listitem shows only albums the caller may see', async () => {
    const c = (await f.call(CATEGORY, 'create', { name: 'Home' })).data.id;
    const add = await f.call(CATEGORY, 'additem', { id: c, item_id: `${albumId('Priv')},${albumId('Pub')},${smartOf('Best')}` });
    expect(add.success, JSON.stringify(add)).to.equal(true);
    await f.call(CATEGORY, 'arrangeitem', { id: c, item_id: `${smartOf('Best')},${albumId('Pub')}` });
    const admin = await f.call(CATEGORY, 'listitem', { id: c });
    expect(admin.data.total).to.equal(3);
    expect(admin.data.items.map((i: { id: string }) => i.id)).to.deep.equal([smartOf('Best'), albumId('Pub'), albumId('Priv')]);
    expect(admin.data.items[1]).to.deep.include({ type: 'album' });
    const guest = await f.call(CATEGORY, 'listitem', { id: c, offset: '1', limit: '5' }, null);
    expect(guest.data).to.deep.include({ total: 2, offset: 2 });
    expect(guest.data.items.map((i: { id: string }) => i.id)).to.deep.equal([albumId('Pub')]);
    await f.call(CATEGORY, 'removeitem', { id: c, item_id: albumId('Priv') });
    expect(entryCount()).to.equal(2);
  });

  it('keeps an album in its category when the album is renamed', async () => {
    const c = (await f.call(CATEGORY, 'create', { name: 'Home' })).data.id;
    await f.call(CATEGORY, 'additem', { id: c, item_id: albumId('Pub') });
    await f.call('SYNO.PhotoStation.Album', 'edit', { id: albumId('Pub'), name: 'Public' });
    expect((await f.call(CATEGORY, 'listitem', { id: c })).data.items.map((i: { id: string }) => i.id)).to.deep.equal([albumId('Public')]);
  });

  it('refuses changes by non-administrators (105) and bad ids (101), changing nothing', async () => {
    const c = (await f.call(CATEGORY, 'create', { name: 'Home' })).data.id;
    const bob = await f.user('bob', { Pub: { browse: true, manage: true } });
    expect((await f.call(CATEGORY, 'create', { name: 'X' }, bob)).error?.code).to.equal(105);
    expect((await f.call(CATEGORY, 'additem', { id: c, item_id: albumId('Pub') }, bob)).error?.code).to.equal(105);
    expect((await f.call(CATEGORY, 'additem', { id: c, item_id: `${albumId('Pub')},${albumId('Nope')}` })).error?.code).to.equal(101);
    expect((await f.call(CATEGORY, 'additem', { id: c, item_id: `${albumId('Pub')},smart_00` })).error?.code).to.equal(101);
    expect((await f.call(CATEGORY, 'additem', { id: 'category_999', item_id: albumId('Pub') })).error?.code).to.equal(101);
    expect((await f.call(CATEGORY, 'edit', { id: 'category_x', name: 'Y' })).error?.code).to.equal(101);
    expect((await f.call(CATEGORY, 'create', { name: '' })).error?.code).to.equal(101);
    expect(entryCount()).to.equal(0);
    expect(rows()).to.deep.equal([{ name: 'Home', hidden: 0 }]);
  });
});
