import { expect } from 'chai';
import { itemId } from '../../src/library/ids.ts';
import { IdLists } from '../../src/library/id-lists.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';

/**
 * Sorted id lists of large albums and Photo.list queries are built on a thread of their own
 * (src/library/id-lists.ts): the event loop goes on while 100 000 rows are sorted, and a list read
 * before a write is never kept past it.
 */
describe('sorted id lists off the event loop', function () {
  this.timeout(120_000);
  let f: OpsFixture;
  const N = 20_000;

  before(async () => {
    f = await OpsFixture.start();
    f.bulk('Big', N, 1);
  });
  after(() => f.stop());

  const byName = 'SELECT id FROM items WHERE album_id = ? ORDER BY name COLLATE NOCASE DESC, name DESC, id DESC';

  it('builds a large list on the thread: the event loop turns before it arrives, and the ids are those SQLite sorts', async () => {
    const lists = new IdLists(f.lib.db, f.lib.generation, f.lib.config.log);
    const big = f.album('Big');
    let turned = false;
    setImmediate(() => (turned = true));
    const ids = await lists.get('big-desc', byName, [big.id]);
    expect(turned, 'a setImmediate ran while the list was built').to.equal(true);
    expect(Array.from(ids)).to.deep.equal(Array.from(lists.now(byName, [big.id])));
    expect(ids.length).to.equal(N);
  });

  it('builds a small list right away, without a turn of the event loop', async () => {
    const lists = new IdLists(f.lib.db, f.lib.generation, f.lib.config.log);
    let turned = false;
    setImmediate(() => (turned = true));
    const ids = await lists.get('small', byName, [f.album('Big').id], true);
    expect(turned).to.equal(false);
    expect(ids.length).to.equal(N);
  });

  it('does not keep a list read before a write: the next request sees the write', async () => {
    const lists = new IdLists(f.lib.db, f.lib.generation, f.lib.config.log);
    const big = f.album('Big');
    const first = await lists.get('k', byName, [big.id]);
    expect(await lists.get('k', byName, [big.id])).to.equal(first, 'kept while nothing changed');
    const pending = lists.get('k2', byName, [big.id]);
    const victim = first[0]!;
    f.lib.db.prepare('DELETE FROM items WHERE id = ?').run(victim);
    await pending;
    const after = await lists.get('k2', byName, [big.id]);
    expect(Array.from(after)).to.not.include(victim);
    expect(after.length).to.equal(N - 1);
    const again = await lists.get('k', byName, [big.id]);
    expect(again).to.not.equal(first);
    expect(again.length).to.equal(N - 1);
  });

  it('answers Album.list and Photo.list of a large album after a rename with the new name in place', async () => {
    const big = f.album('Big');
    const list = async (offset: number) => {
      const r = await f.call('SYNO.PhotoStation.Album', 'list', { id: `album_${Buffer.from('Big').toString('hex')}`, type: 'photo', offset: String(offset), limit: '5' });
      expect(r.success, JSON.stringify(r)).to.equal(true);
      return r.data as { total: number; items: { info: { name: string } }[] };
    };
    const before = await list(0);
    expect(before.total).to.be.greaterThan(N - 10);
    const first = f.lib.db.prepare<[number], { id: number; name: string }>('SELECT id, name FROM items WHERE album_id = ? ORDER BY name COLLATE NOCASE LIMIT 1').get(big.id)!;
    const renamed = await f.call('SYNO.PhotoStation.Photo', 'edit', { id: itemId('Big', first.name, 'photo'), title: 'changed' });
    expect(renamed.success, JSON.stringify(renamed)).to.equal(true);
    f.lib.db.prepare("UPDATE items SET name = 'zzzz-last.jpg' WHERE id = ?").run(first.id);
    const page = await list(before.total - 1);
    const photos = await f.call('SYNO.PhotoStation.Photo', 'list', { type: 'photo', offset: '0', limit: '1', sort_by: 'filename', sort_direction: 'desc' });
    expect(page.items.map((i) => i.info.name)).to.deep.equal(['zzzz-last.jpg']);
    expect((photos.data as { items: { info: { name: string } }[] }).items[0]!.info.name).to.equal('zzzz-last.jpg');
  });
});
