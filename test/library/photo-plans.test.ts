import { expect } from 'chai';
import { OpsFixture } from '../helpers/ops-fixture.ts';

describe('Photo.list plans, kept by their inputs', () => {
  let f: OpsFixture;
  beforeEach(async () => {
    f = await OpsFixture.start();
    f.photo('A', 'x.jpg');
    f.photo('A', 'y.jpg');
    f.photo('B', 'z.jpg');
  });
  afterEach(() => f.stop());

  const sort = { by: 'filename' as const, desc: false };

  it('answers a query asked again with the same key and list, and sees writes made since', async () => {
    const q = f.lib.photoQueries;
    const first = await q.match({ kinds: ['photo'], sort });
    const again = await q.match({ kinds: ['photo'], sort });
    expect(again.key).to.equal(first.key);
    expect(Array.from(again.ids)).to.deep.equal(Array.from(first.ids));
    expect(first.ids.length).to.equal(3);
    f.photo('B', 'w.jpg');
    expect((await q.match({ kinds: ['photo'], sort })).ids.length).to.equal(4);
  });

  it('keeps queries that differ in any input apart', async () => {
    const q = f.lib.photoQueries;
    const a = f.lib.albums.byPath('A')!.id;
    const all = await q.match({ kinds: ['photo'], sort });
    const inA = await q.match({ kinds: ['photo'], albumId: a, sort });
    const down = await q.match({ kinds: ['photo'], albumId: a, sort: { by: 'filename', desc: true } });
    const none = await q.match({ kinds: [], sort });
    expect(new Set([all.key, inA.key, down.key, none.key]).size).to.equal(4);
    expect(inA.ids.length).to.equal(2);
    expect(Array.from(down.ids)).to.deep.equal(Array.from(inA.ids).reverse());
    expect(none.ids.length).to.equal(0);
    // A keyword holding the separators of a naive key must not meet another query's plan.
    const odd = await q.match({ kinds: ['photo'], keyword: '","', sort });
    expect(odd.ids.length).to.equal(0);
    // Nor a keyword spelling what an absent one looks like, or holding the key's separator.
    expect((await q.match({ kinds: ['photo'], keyword: 'undefined', sort })).ids.length).to.equal(0);
    expect((await q.match({ kinds: ['photo'], keyword: '-', sort })).ids.length).to.equal(0);
    expect((await q.match({ kinds: ['photo'], keyword: 'x|', sort })).ids.length).to.equal(0);
    expect((await q.match({ kinds: ['photo'], sort })).ids.length).to.equal(3);
  });

  it('answers a list it keeps at once, without a promise', async () => {
    const q = f.lib.photoQueries;
    const first = q.match({ kinds: ['photo'], sort });
    const kept = await first;
    const again = q.match({ kinds: ['photo'], sort });
    expect(again).not.to.be.instanceOf(Promise);
    expect(Array.from((again as typeof kept).ids)).to.deep.equal(Array.from(kept.ids));
  });
});
