import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/open.ts';
import type { Db } from '../../src/db/open.ts';
import { Changes } from '../../src/feed/changes.ts';

describe('Changes.gathered (a batch of events written together at the end of a commit)', () => {
  let dir: string;
  let db: Db;
  let feed: Changes;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ps-feed-'));
    db = openDatabase(path.join(dir, 'index.db'));
    feed = new Changes(db, () => 1234);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const keys = () => feed.after(0, 1000).map((e) => `${e.action} ${e.data_key}`);

  it('writes nothing until the work ends, then every event in the order recorded, across the multi-row statements and the rest', () => {
    const expected: string[] = [];
    db.transaction(() =>
      feed.gathered(() => {
        // 123 events: two statements of 50 rows, 23 single rows; a recordMany in the middle keeps its place.
        for (let i = 0; i < 60; i++) {
          feed.record('MOVE', 'photo', `p${i}`, { from: `a${i}`, to: `p${i}` });
          expected.push(`MOVE p${i}`);
        }
        feed.recordMany('UPDATE', 'video', ['v1', 'v2', 'v3']);
        expected.push('UPDATE v1', 'UPDATE v2', 'UPDATE v3');
        for (let i = 60; i < 120; i++) {
          feed.record('DELETE', 'photo', `p${i}`);
          expected.push(`DELETE p${i}`);
        }
        expect(feed.latest(), 'nothing written before the work ends').to.equal(0);
      }),
    )();
    expect(keys()).to.deep.equal(expected);
    const events = feed.after(0, 1000);
    expect(events.map((e) => e.cursor)).to.deep.equal(events.map((_, i) => i + 1));
    expect(events[0]).to.deep.include({ action: 'MOVE', data_type: 'photo', data: { from: 'a0', to: 'p0' } });
    expect(events[60]).to.deep.include({ action: 'UPDATE', data_type: 'video', data: null });
    expect(events[122]).to.deep.include({ action: 'DELETE', data: null });
  });

  it('writes nothing when the work throws, and records directly again afterwards', () => {
    expect(() =>
      db.transaction(() =>
        feed.gathered(() => {
          feed.record('CREATE', 'album', 'a1');
          throw new Error('the unit failed');
        }),
      )(),
    ).to.throw('the unit failed');
    expect(keys()).to.deep.equal([]);
    feed.record('CREATE', 'album', 'a2');
    expect(keys()).to.deep.equal(['CREATE a2']);
  });

  it('wakes a long-poll once the events are committed, long before its wait is over', async () => {
    const t = performance.now();
    const waiting = feed.wait(0, 10, 10_000);
    db.transaction(() => feed.gathered(() => feed.record('CREATE', 'photo', 'p1')))();
    expect((await waiting).map((e) => e.data_key)).to.deep.equal(['p1']);
    // Without the wake the poll would end only at its 10 s limit, with the same events.
    expect(performance.now() - t).to.be.lessThan(2000);
  });
});
