import { expect } from 'chai';
import { albumId, itemId } from '../../src/library/ids.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { BATCH, photo, taskItems, waitTask } from '../helpers/batch.ts';

describe('Batch input forms (SPEC §12)', function () {
  this.timeout(30_000);
  let f: OpsFixture;
  beforeEach(async () => {
    f = await OpsFixture.start();
  });
  afterEach(async () => {
    await f.stop();
  });

  describe('move_operations as seed 000 sends it (form-urlencoded bracket keys)', () => {
    it('moves each source to its own destination and answers one result per source', async () => {
      for (const n of ['a.jpg', 'b.jpg', 'c.jpg']) f.photo('S', n);
      f.photo('S/Sub', 'inner.jpg');
      f.album('D1');
      f.album('D2');
      // The body is built by hand, exactly as the seed's: `move_operations[<id>]=<album id>&...`.
      const body = [
        `move_operations[${photo('S', 'a.jpg')}]=${albumId('D1')}`,
        `move_operations[${photo('S', 'b.jpg')}]=${albumId('D1')}`,
        `move_operations[${photo('S', 'c.jpg')}]=${albumId('D2')}`,
        `move_operations[${albumId('S/Sub')}]=${albumId('D2')}`,
        `api=${BATCH}&method=move&version=1&_sid=${f.adminSid}`,
      ].join('&');
      const res = await fetch(f.url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
      const r = await res.json();
      expect(r.success).to.equal(true);
      expect(r.data.status).to.equal(200);
      expect(r.data.items).to.deep.equal([
        { id: photo('S', 'a.jpg'), status: 204, new_id: photo('D1', 'a.jpg'), path: 'D1/a.jpg', error: null },
        { id: photo('S', 'b.jpg'), status: 204, new_id: photo('D1', 'b.jpg'), path: 'D1/b.jpg', error: null },
        { id: photo('S', 'c.jpg'), status: 204, new_id: photo('D2', 'c.jpg'), path: 'D2/c.jpg', error: null },
        { id: albumId('S/Sub'), status: 204, new_id: albumId('D2/Sub'), path: 'D2/Sub', error: null },
      ]);
      for (const p of ['D1/a.jpg', 'D1/b.jpg', 'D2/c.jpg', 'D2/Sub/inner.jpg']) {
        expect(f.exists(p), p).to.equal(true);
        expect(f.hasItem(p), p).to.equal(true);
      }
      for (const p of ['S/a.jpg', 'S/b.jpg', 'S/c.jpg', 'S/Sub']) expect(f.exists(p), p).to.equal(false);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });

    it('accepts the same map as a JSON object', async () => {
      f.photo('S', 'a.jpg');
      f.album('D');
      const r = await f.call(BATCH, 'move', { move_operations: JSON.stringify({ [photo('S', 'a.jpg')]: albumId('D') }) });
      expect(r.data.items.map((i: { status: number }) => i.status)).to.deep.equal([204]);
      expect(f.hasItem('D/a.jpg')).to.equal(true);
      expect(f.exists('D/a.jpg')).to.equal(true);
    });
  });

  describe('operations as seed 004 sends them (per-item destination, name and strategy)', () => {
    it('renames an album in place, renames a clashing item to `1 (1).jpg`, and overwrites another', async () => {
      f.photo('foo/bar_old', 'x.jpg');
      f.photo('foo', '1.jpg', {}, 'new-1');
      f.photo('foo', '2.jpg', {}, 'new-2');
      f.photo('bar', '1.jpg', {}, 'old-1');
      f.photo('bar', '2.jpg', {}, 'old-2');
      const operations = [
        { from: albumId('foo/bar_old'), to: albumId('foo'), name: 'bar' },
        { from: photo('foo', '1.jpg'), to: albumId('bar') },
        { from: photo('foo', '2.jpg'), to: albumId('bar'), duplicate: 'overwrite' },
      ];
      const r = await f.call(BATCH, 'move', { operations: JSON.stringify(operations) });
      expect(r.data).to.deep.equal({
        status: 200,
        items: [
          { id: albumId('foo/bar_old'), status: 204, new_id: albumId('foo/bar'), path: 'foo/bar', error: null },
          { id: photo('foo', '1.jpg'), status: 200, new_id: photo('bar', '1 (1).jpg'), path: 'bar/1 (1).jpg', error: null },
          { id: photo('foo', '2.jpg'), status: 204, new_id: photo('bar', '2.jpg'), path: 'bar/2.jpg', error: null },
        ],
      });
      expect(f.hasItem('foo/bar/x.jpg')).to.equal(true);
      expect(f.hasItem('bar/1.jpg') && f.hasItem('bar/1 (1).jpg')).to.equal(true);
      expect(f.lib.db.prepare("SELECT count(*) FROM trash WHERE reason = 'overwrite'").pluck().get()).to.equal(1);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });

    it('gives an item the new name it asks for', async () => {
      f.photo('S', 'a.jpg');
      f.album('D');
      const r = await f.call(BATCH, 'copy', { operations: JSON.stringify([{ from: photo('S', 'a.jpg'), to: albumId('D'), name: 'renamed.jpg' }]) });
      expect(r.data.items[0]).to.include({ status: 204, new_id: photo('D', 'renamed.jpg'), path: 'D/renamed.jpg' });
      expect(f.hasItem('S/a.jpg') && f.hasItem('D/renamed.jpg')).to.equal(true);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });
  });

  describe('refused before any work (600)', () => {
    const cases: [string, () => Record<string, string>][] = [
      ['no form at all', () => ({ to: albumId('D') })],
      [
        'two forms',
        () => ({ move_operations: JSON.stringify({ [photo('S', 'a.jpg')]: albumId('D') }), operations: JSON.stringify([{ from: photo('S', 'a.jpg'), to: albumId('D') }]) }),
      ],
      ['an undecodable source id', () => ({ move_operations: JSON.stringify({ photo_zz_61: albumId('D') }) })],
      ['a traversal destination', () => ({ move_operations: JSON.stringify({ [photo('S', 'a.jpg')]: albumId('..') }) })],
      ['a new name with a slash', () => ({ operations: JSON.stringify([{ from: photo('S', 'a.jpg'), to: albumId('D'), name: 'x/y.jpg' }]) })],
      ['a new name that is hidden', () => ({ operations: JSON.stringify([{ from: photo('S', 'a.jpg'), to: albumId('D'), name: '.a.jpg' }]) })],
      ['a new name that turns a photo into a video', () => ({ operations: JSON.stringify([{ from: photo('S', 'a.jpg'), to: albumId('D'), name: 'a.mp4' }]) })],
      ['an unknown strategy', () => ({ move_operations: JSON.stringify({ [photo('S', 'a.jpg')]: albumId('D') }), duplicate: 'replace' })],
      ['a selection without `to`', () => ({ selection: JSON.stringify([photo('S', 'a.jpg')]) })],
    ];
    for (const [what, params] of cases) {
      it(`answers 600 for ${what}, and nothing moves`, async () => {
        f.photo('S', 'a.jpg');
        f.album('D');
        const r = await f.call(BATCH, 'move', params());
        expect(r).to.deep.equal({ success: false, error: { code: 600 } });
        expect(f.hasItem('S/a.jpg') && f.exists('S/a.jpg')).to.equal(true);
        expect(f.exists('D/a.jpg')).to.equal(false);
      });
    }

    it('answers 600 for a delete with neither `id` nor `selection`', async () => {
      const r = await f.call(BATCH, 'delete', {});
      expect(r.error?.code).to.equal(600);
    });

    it('answers 605 for more than 100 000 sources, and no task is created', async () => {
      const ops: Record<string, string> = {};
      for (let i = 0; i <= 100_000; i++) ops[photo('S', `${i}.jpg`)] = albumId('D');
      const r = await f.call(BATCH, 'move', { move_operations: JSON.stringify(ops) });
      expect(r).to.deep.equal({ success: false, error: { code: 605 } });
      expect(f.lib.db.prepare('SELECT count(*) FROM tasks').pluck().get()).to.equal(0);
    });
  });

  describe('selections (seed 002), always run as a task', () => {
    beforeEach(() => {
      f.photo('S', 'a.jpg');
      f.photo('S', 'b.jpg');
      f.photo('S/Sub', 'c.jpg');
      f.photo('S/Sub/Deep', 'd.jpg');
      f.album('D');
    });

    async function runSelection(selection: unknown[], method = 'move') {
      const r = await f.call(BATCH, method, { selection: JSON.stringify(selection), to: albumId('D') });
      expect(r.success, JSON.stringify(r)).to.equal(true);
      expect(Object.keys(r.data)).to.deep.equal(['taskid']);
      const task = await waitTask(f, r.data.taskid);
      expect(task.status).to.equal('done');
      return { task, items: await taskItems(f, r.data.taskid) };
    }

    it('moves listed ids', async () => {
      const { items } = await runSelection([photo('S', 'a.jpg'), albumId('S/Sub')]);
      expect(items.map((i) => [i.id, i.status, i.path])).to.deep.equal([
        [photo('S', 'a.jpg'), 204, 'D/a.jpg'],
        [albumId('S/Sub'), 204, 'D/Sub'],
      ]);
      expect(f.hasItem('D/a.jpg') && f.hasItem('D/Sub/Deep/d.jpg') && f.hasItem('S/b.jpg')).to.equal(true);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });

    it('children, non-recursive: the direct sub-albums and items, minus the excluded', async () => {
      const { task, items } = await runSelection([{ children: albumId('S'), exclude: [photo('S', 'b.jpg')] }]);
      expect(task.total).to.equal(2);
      expect(items.map((i) => i.id).sort()).to.deep.equal([albumId('S/Sub'), photo('S', 'a.jpg')].sort());
      expect(f.hasItem('D/a.jpg') && f.hasItem('D/Sub/c.jpg') && f.hasItem('D/Sub/Deep/d.jpg')).to.equal(true);
      expect(f.hasItem('S/b.jpg') && f.exists('S/b.jpg')).to.equal(true);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });

    it('children, recursive: every item below, the albums stay, minus the excluded', async () => {
      const { task } = await runSelection([{ children: albumId('S'), recursive: true, exclude: [photo('S/Sub', 'c.jpg')] }]);
      expect(task.total).to.equal(3);
      expect(f.hasItem('D/a.jpg') && f.hasItem('D/b.jpg') && f.hasItem('D/d.jpg')).to.equal(true);
      expect(f.hasItem('S/Sub/c.jpg')).to.equal(true);
      expect(f.exists('S/Sub/Deep')).to.equal(true);
      expect(f.hasItem('S/Sub/Deep/d.jpg')).to.equal(false);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });

    it('search by keyword, type, taken_date and album, minus the excluded', async () => {
      f.photo('S', 'sunset.jpg', { title: 'Beach' });
      f.photo('S', 'beach-party.jpg');
      f.photo('Other', 'beach.jpg', { title: 'Beach' });
      f.photo('S', 'beach.mp4', { title: 'Beach' });
      f.photo('S', 'beach-old.jpg', { title: 'Beach' });
      f.photo('S', 'beach-excluded.jpg');
      const setTaken = f.lib.db.prepare('UPDATE items SET taken_at = ? WHERE name = ?');
      for (const n of ['sunset.jpg', 'beach-party.jpg', 'beach.jpg', 'beach.mp4', 'beach-excluded.jpg']) setTaken.run(Date.UTC(2020, 5, 15, 10), n);
      setTaken.run(Date.UTC(2019, 0, 1), 'beach-old.jpg');
      const { items } = await runSelection([
        { search: { keyword: 'beach', type: 'photo', taken_date: '2020-06-01,2020-06-30', album: albumId('S') }, exclude: [photo('S', 'beach-excluded.jpg')] },
      ]);
      expect(items.map((i) => i.path).sort()).to.deep.equal(['D/beach-party.jpg', 'D/sunset.jpg']);
      for (const p of ['Other/beach.jpg', 'S/beach.mp4', 'S/beach-old.jpg', 'S/beach-excluded.jpg']) expect(f.hasItem(p), p).to.equal(true);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });

    it('names each source once when several elements name it', async () => {
      const { task } = await runSelection([photo('S', 'a.jpg'), { children: albumId('S'), recursive: true }]);
      expect(task.total).to.equal(4);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });

    const bad: [string, unknown][] = [
      ['not an array', { children: albumId('S') }],
      ['an empty array', []],
      ['a number element', [42]],
      ['an object with neither children nor search', [{ album: albumId('S') }]],
      ['children of an album that does not exist', [{ children: albumId('Nope') }]],
      ['children of an item', [{ children: photo('S', 'a.jpg') }]],
      ['recursive that is not a boolean', [{ children: albumId('S'), recursive: 'yes' }]],
      ['exclude that is not a list', [{ children: albumId('S'), exclude: photo('S', 'a.jpg') }]],
      ['an undecodable id', ['photo_zz']],
      ['a search in an album that does not exist', [{ search: { album: albumId('Nope') } }]],
      ['a search type that is not photo/video', [{ search: { type: 'album' } }]],
      ['a malformed taken_date', [{ search: { taken_date: '15/06/2020' } }]],
    ];
    for (const [what, selection] of bad) {
      it(`answers 601 for ${what}, and creates no task`, async () => {
        const r = await f.call(BATCH, 'move', { selection: JSON.stringify(selection), to: albumId('D') });
        expect(r).to.deep.equal({ success: false, error: { code: 601 } });
        expect(f.lib.db.prepare('SELECT count(*) FROM tasks').pluck().get()).to.equal(0);
      });
    }
  });

  describe('delete (seed 003)', () => {
    it('answers the deleted ids, and they are in the trash', async () => {
      f.photo('S', 'a.jpg');
      f.photo('S', 'b.jpg');
      f.photo('T', 't.jpg');
      const ids = [photo('S', 'a.jpg'), photo('S', 'b.jpg'), albumId('T'), photo('S', 'gone.jpg')];
      const r = await f.call(BATCH, 'delete', { id: ids.join(',') });
      expect(r.data.status).to.equal(207);
      expect(r.data.deleted).to.deep.equal(ids.slice(0, 3));
      expect(r.data.items.map((i: { status: number }) => i.status)).to.deep.equal([204, 204, 204, 404]);
      expect(f.exists('S/a.jpg') || f.exists('T')).to.equal(false);
      expect(f.trashCount()).to.equal(3);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });

    it('deletes a selection as a task', async () => {
      f.photo('S', 'a.jpg');
      f.photo('S/Sub', 'b.jpg');
      const r = await f.call(BATCH, 'delete', { selection: JSON.stringify([{ children: albumId('S'), recursive: true }]) });
      const task = await waitTask(f, r.data.taskid);
      expect(task).to.include({ status: 'done', total: 2, processed: 2, result: 200 });
      expect(f.hasItem('S/a.jpg') || f.hasItem('S/Sub/b.jpg')).to.equal(false);
      expect(f.exists('S/Sub')).to.equal(true);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });
  });

  it('runs more than 1 000 explicit sources as a task', async () => {
    f.bulk('S', 1001, 1);
    f.album('D');
    const ops = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [itemId('S', `p${i}.jpg`, 'photo'), albumId('D')]));
    const r = await f.call(BATCH, 'copy', { move_operations: JSON.stringify(ops) });
    expect(Object.keys(r.data)).to.deep.equal(['taskid']);
    const task = await waitTask(f, r.data.taskid);
    expect(task).to.include({ status: 'done', total: 1001, processed: 1001, result: 200 });
    expect(f.lib.db.prepare('SELECT count(*) FROM items').pluck().get()).to.equal(2002);
    expect(f.indexVsDisk()).to.deep.equal([]);
  });
});
