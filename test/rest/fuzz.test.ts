import { expect } from 'chai';
import { runRestFuzz } from '../../scripts/fuzz/rest.ts';
import type { RestFuzzReport } from '../../scripts/fuzz/rest.ts';

describe('fuzzing the REST routes with 1 500 hostile requests (seed 20261129)', function () {
  this.timeout(240_000);
  let report: RestFuzzReport;
  before(async () => {
    report = await runRestFuzz({ seed: 20261129, requests: 1500 });
  });

  it('answers every request with a declared status and a JSON body, never a 500, never a leak', () => {
    const text = report.findings.slice(0, 10).map((f) => `#${f.index}: ${f.detail}\n  ${f.request}`);
    expect(text, text.join('\n')).to.deep.equal([]);
    expect(report.requests).to.equal(1500);
  });

  it('leaves the sentinel tree outside the photo root byte-identical', () => {
    expect(report.sentinelIntact).to.equal(true);
  });

  it('reaches the handlers: successes, refusals of bad input, of bad tokens and of missing abilities are all seen', () => {
    for (const status of ['200', '400', '401', '404']) expect(report.statuses[status] ?? 0, `${status} in ${JSON.stringify(report.statuses)}`).to.be.above(20);
    // Most requests with the browse-only token are refused earlier, for their body.
    expect(report.statuses['403'] ?? 0, JSON.stringify(report.statuses)).to.be.above(0);
  });
});
