import { expect } from 'chai';
import { JsonText, okBody } from '../../src/webapi/envelope.ts';
import { hasLongList, sliceLongLists } from '../../src/webapi/json-slices.ts';
import { longestTurn } from '../helpers/loop.ts';

/** The bytes the envelope sends for `data`, as text. */
const sent = (data: unknown) => String(okBody(data));

const results = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `photo_${i.toString(16)}`, success: i % 7 !== 0, name: `ä ${i} "q"`, ...(i % 3 === 0 ? { error: { code: 414 } } : {}) }));

describe('an answer holding a long list', () => {
  for (const [label, data] of [
    ['a list of 5 001 results at the top', results(5001)],
    ['an object whose items hold 4 001 results', { items: results(4001), total: 4001, note: 'x' }],
    ['an object with properties JSON leaves out', { a: undefined, items: results(2500), b: () => 1, c: null, d: [undefined, 1] }],
    ['a list holding undefined and nested lists', [...results(2100), undefined, [1, [2]]]],
  ] as const) {
    it(`${label}: is sent as exactly the bytes of JSON.stringify`, async () => {
      const sliced = await sliceLongLists(data);
      expect(sliced).to.be.instanceOf(JsonText);
      expect(sent(sliced)).to.equal(JSON.stringify({ success: true, data }));
    });
  }

  it('lets other callbacks run between its slices', async () => {
    let turns = 0;
    let stop = false;
    const tick = () => {
      turns++;
      if (!stop) setImmediate(tick);
    };
    setImmediate(tick);
    await sliceLongLists({ items: results(10_000) });
    stop = true;
    // 10 000 results are 5 slices: the ticker ran between them, at least 4 times.
    expect(turns).to.be.at.least(4);
  });
});

describe('the bytes of a 100 000-result answer', function () {
  this.timeout(20_000);

  it('are put together before it is sent, a few parts a turn: sending it copies nothing', async () => {
    const data = { items: results(100_000) };
    const { value: sliced, longest } = await longestTurn(() => sliceLongLists(data));
    const t = performance.now();
    const body = okBody(sliced);
    const sending = performance.now() - t;
    expect(body.length).to.be.above(5_000_000);
    // One Buffer.concat of these ~6 MB takes milliseconds; the envelope built ahead is handed over as it is.
    expect(sending, 'ms to hand the body over').to.be.below(1);
    expect(body).to.equal(okBody(sliced));
    expect(longest, 'longest turn while it was built, ms').to.be.below(50);
    expect(String(body)).to.equal(JSON.stringify({ success: true, data }));
  });
});

describe('an answer without a long list', () => {
  it('is not taken for one', () => {
    expect(hasLongList({ items: results(2000), total: 2000 })).to.equal(false);
    expect(hasLongList({ nested: { items: results(3000) } })).to.equal(false);
    expect(hasLongList('x'.repeat(5000))).to.equal(false);
    expect(hasLongList({ items: results(2001) })).to.equal(true);
    expect(hasLongList(results(2001))).to.equal(true);
  });

  it('is returned as it is', async () => {
    const data = { items: results(2000), total: 2000 };
    expect(await sliceLongLists(data)).to.equal(data);
    const list = results(3);
    expect(await sliceLongLists(list)).to.equal(list);
    expect(await sliceLongLists(undefined)).to.equal(undefined);
  });
});
