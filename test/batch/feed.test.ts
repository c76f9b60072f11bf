import { expect } from 'chai';
import { albumId } from '../../src/library/ids.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { BATCH, SYNC, photo } from '../helpers/batch.ts';

interface Event {
  cursor: number;
  action: string;
  data_type: string;
  data_key: string;
  data: Record<string, unknown> | null;
}

describe('The change feed (SPEC §12, Sync.list)', function () {
  this.timeout(30_000);
  let f: OpsFixture;
  beforeEach(async () => {
    f = await OpsFixture.start();
  });
  afterEach(async () => {
    await f.stop();
  });

  const feed = async (cursor: number, extra: Record<string, string> = {}) => {
    const r = await f.call(SYNC, 'list', { cursor: String(cursor), ...extra });
    expect(r.success, JSON.stringify(r)).to.equal(true);
    return r.data as { cursor: number; events: Event[] };
  };

  describe('after a batch move', () => {
    it('holds one MOVE per moved item and album, in commit order, with increasing cursors', async () => {
      const names = ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg'];
      for (const n of names) f.photo('S', n);
      f.photo('S/Sub', 'in.jpg');
      f.album('D');
      const start = f.lib.changes.latest();
      const ops = [...names.map((n) => ({ from: photo('S', n), to: albumId('D') })), { from: albumId('S/Sub'), to: albumId('D') }];
      const r = await f.call(BATCH, 'move', { operations: JSON.stringify(ops) });
      expect(r.data.status).to.equal(200);
      const { cursor, events } = await feed(start);
      const cursors = events.map((e) => e.cursor);
      expect(cursors).to.deep.equal([...cursors].sort((x, y) => x - y));
      expect(new Set(cursors).size).to.equal(cursors.length);
      expect(cursors[0]).to.be.greaterThan(start);
      expect(cursor).to.equal(cursors[cursors.length - 1]);
      expect(events.map((e) => [e.action, e.data_type, e.data_key, e.data])).to.deep.equal([
        ...names.map((n) => ['MOVE', 'photo', photo('D', n), { from: photo('S', n), to: photo('D', n) }]),
        ['MOVE', 'album', albumId('D/Sub'), { from: albumId('S/Sub'), to: albumId('D/Sub') }],
      ]);
      // Reading on from the answered cursor gives nothing new.
      expect((await feed(cursor)).events).to.deep.equal([]);
    });

    it('says DELETE for a file an overwrite replaced, then MOVE; CREATE for a copy; DELETE for a delete', async () => {
      f.photo('S', 'a.jpg');
      f.photo('S', 'b.jpg');
      f.photo('D', 'a.jpg');
      const start = f.lib.changes.latest();
      await f.call(BATCH, 'move', { operations: JSON.stringify([{ from: photo('S', 'a.jpg'), to: albumId('D'), duplicate: 'overwrite' }]) });
      await f.call(BATCH, 'copy', { operations: JSON.stringify([{ from: photo('S', 'b.jpg'), to: albumId('D') }]) });
      await f.call(BATCH, 'delete', { id: photo('S', 'b.jpg') });
      const { events } = await feed(start);
      expect(events.map((e) => [e.action, e.data_key])).to.deep.equal([
        ['DELETE', photo('D', 'a.jpg')],
        ['MOVE', photo('D', 'a.jpg')],
        ['CREATE', photo('D', 'b.jpg')],
        ['DELETE', photo('S', 'b.jpg')],
      ]);
      expect(events[0]?.data).to.deep.equal({ reason: 'overwrite' });
      expect(events[2]?.data).to.deep.equal({ from: photo('S', 'b.jpg') });
    });

    it("pages with limit, and a page's cursor continues where it stopped", async () => {
      for (let i = 0; i < 5; i++) f.photo('S', `${i}.jpg`);
      f.album('D');
      const start = f.lib.changes.latest();
      await f.call(BATCH, 'move', { operations: JSON.stringify(Array.from({ length: 5 }, (_, i) => ({ from: photo('S', `${i}.jpg`), to: albumId('D') }))) });
      const one = await feed(start, { limit: '3' });
      const two = await feed(one.cursor, { limit: '3' });
      expect(one.events).to.have.length(3);
      expect(two.events).to.have.length(2);
      expect([...one.events, ...two.events].map((e) => e.data_key)).to.deep.equal(Array.from({ length: 5 }, (_, i) => photo('D', `${i}.jpg`)));
    });
  });

  describe('long-polling', () => {
    it('a wait of 10 s answers within a second of a change made meanwhile', async () => {
      f.photo('S', 'a.jpg');
      f.album('D');
      const start = f.lib.changes.latest();
      const t0 = Date.now();
      const waiting = feed(start, { wait: '10' }).then((a) => ({ a, at: Date.now() }));
      await new Promise((r) => setTimeout(r, 300));
      await f.call(BATCH, 'move', { operations: JSON.stringify([{ from: photo('S', 'a.jpg'), to: albumId('D') }]) });
      const changedAt = Date.now();
      const { a, at } = await waiting;
      expect(at - changedAt).to.be.lessThan(1000);
      expect(at - t0).to.be.at.least(300);
      expect(a.events.map((e) => [e.action, e.data_key])).to.deep.equal([['MOVE', photo('D', 'a.jpg')]]);
    });

    it('a wait with no change answers after the wait, with no events and the same cursor', async () => {
      const start = f.lib.changes.latest();
      const t0 = Date.now();
      const a = await feed(start, { wait: '1' });
      const took = Date.now() - t0;
      expect(took).to.be.at.least(950).and.lessThan(3000);
      expect(a).to.deep.equal({ cursor: start, events: [] });
    });

    it('without a cursor, waits for what happens from now on only', async () => {
      f.photo('S', 'old.jpg');
      f.photo('S', 'a.jpg');
      f.album('D');
      await f.call(BATCH, 'delete', { id: photo('S', 'old.jpg') });
      const waiting = f.call(SYNC, 'list', { wait: '10' });
      await new Promise((r) => setTimeout(r, 200));
      await f.call(BATCH, 'move', { operations: JSON.stringify([{ from: photo('S', 'a.jpg'), to: albumId('D') }]) });
      const r = await waiting;
      expect(r.data.events.map((e: Event) => e.action)).to.deep.equal(['MOVE']);
    });
  });
});
