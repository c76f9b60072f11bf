import { expect } from 'chai';
import { runFuzz } from '../scripts/fuzz/run.ts';
import type { FuzzReport } from '../scripts/fuzz/run.ts';

/**
 * The short fuzz run (SPEC §13): 20 000 seeded hostile requests against the real app. Any
 * finding fails the suite; the message carries the seed and request index to replay it with
 * `npm run fuzz -- --seed <seed> --replay <index>`. Placeholder handlers that still answer 100
 * on purpose (logged reason `not built yet`) are excused here, and only here.
 */
describe('fuzzing the WebAPI with 20 000 hostile requests (seed 20260601)', function () {
  this.timeout(240_000);
  let report: FuzzReport;

  before(async () => {
    report = await runFuzz({ seed: 20260601, requests: 20_000, concurrency: 16, allowPlaceholders: true });
  });

  it('sends every request and keeps the server answering', () => {
    expect(report.requests).to.equal(20_000);
    expect(report.aliveChecks).to.be.at.least(40);
  });

  it('has no finding: every answer is one well-formed envelope (or 404), no 100 from an exception, no crash, no hang', () => {
    const text = report.findings.map(
      (f) =>
        `[${f.kind}] ${f.label}: ${f.detail} x${f.count} (replay: npm run fuzz -- --seed ${report.seed} --replay ${f.indexes[0]})\n${JSON.stringify(f.request)}\n${f.stack ?? ''}`,
    );
    expect(text, text.join('\n\n')).to.deep.equal([]);
  });

  it('leaves the sentinel tree outside the photo root byte-identical', () => {
    expect(report.sentinelIntact).to.equal(true);
  });

  it('reaches the handlers, not only the envelope checks: successes and parameter refusals are both seen', () => {
    expect(report.codes.ok ?? 0).to.be.above(500);
    expect(report.codes['101'] ?? 0).to.be.above(500);
    expect(report.codes['106'] ?? 0, 'dead sessions are refused').to.be.above(100);
    expect(report.codes['105'] ?? 0, 'guests and non-admins are refused').to.be.above(100);
  });
});
