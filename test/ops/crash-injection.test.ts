import { expect } from 'chai';
import { runCrash } from '../../scripts/crash/run.ts';
import type { CrashReport } from '../../scripts/crash/run.ts';

/**
 * Seeds of the short run. A fixed seed alone let a bug hide behind it (issue #11: seed 777
 * failed at round 6 while this run's seed passed), so besides the fixed one and 777 it runs
 * one derived from today's date (UTC): a different one each day, printed in the title so a
 * failure is reproduced with `npm run crash-test -- --seed <seed> --kills <kills>`.
 * PHOTOSTATION_CRASH_SEEDS=1,2,3 replaces the set.
 */
function seeds(): number[] {
  const env = process.env.PHOTOSTATION_CRASH_SEEDS;
  if (env) return env.split(',').map((s) => Number(s.trim()));
  const d = new Date();
  const today = d.getUTCFullYear() * 10_000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
  return [20260602, 777, today];
}

const SEEDS = seeds();
const KILLS = 10;

/**
 * The short crash-injection run (SPEC §10; `npm run crash-test` is the long one): SIGKILLs of
 * the real server, by the fault switch and by kill -9, during random album moves and merges,
 * item moves and copies, deletes, trash restores and Batch tasks, each followed by a restart and
 * a check by content hash and of the index against the disk.
 */
describe(`crash injection: ${KILLS} SIGKILLs during random operations for each of seeds ${SEEDS.join(', ')}`, function () {
  this.timeout(60_000 + SEEDS.length * 120_000);
  const reports: CrashReport[] = [];

  before(async () => {
    for (const seed of SEEDS) reports.push(await runCrash({ seed, kills: KILLS }));
  });

  it('kills the server each time, by both kinds of kill, mostly in the middle of an operation', () => {
    const sum = (f: (r: CrashReport) => number) => reports.reduce((a, r) => a + f(r), 0);
    expect(sum((r) => r.kills)).to.equal(KILLS * SEEDS.length);
    expect(sum((r) => r.faultKills)).to.be.greaterThan(0);
    expect(sum((r) => r.externalKills)).to.be.greaterThan(0);
    expect(sum((r) => r.killedDuring)).to.be.at.least((KILLS * SEEDS.length) / 2);
  });

  it('leaves recovery real work: units to redo and units to undo', () => {
    expect(reports.reduce((a, r) => a + r.redone, 0)).to.be.greaterThan(0);
    expect(reports.reduce((a, r) => a + r.undone, 0)).to.be.greaterThan(0);
  });

  for (const [i, seed] of SEEDS.entries()) {
    it(`seed ${seed}: loses no content, duplicates none beyond the copies made, and leaves the index equal to the disk`, () => {
      const report = reports[i] as CrashReport;
      const again = `reproduce: npm run crash-test -- --seed ${seed} --kills ${KILLS}`;
      expect(report.violations, `${again}\n${report.violations.join('\n')}`).to.deep.equal([]);
      expect(report.lost, again).to.equal(0);
      expect(report.duplicated, again).to.equal(0);
      expect(report.mismatches, again).to.equal(0);
    });
  }
});
