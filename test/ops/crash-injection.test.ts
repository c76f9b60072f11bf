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
describe(`crash injection: ${KILLS} SIGKILLs during random operations for each of seeds ${SEEDS.join(', ')}`, () => {
  const reports: CrashReport[] = [];

  // A hook per seed, each with its own time: 30 kills under one bound timed out on a machine
  // shared with other test runs (about 15 s a kill there, 1-2 s on a quiet one).
  for (const seed of SEEDS) {
    describe(`seed ${seed}`, function () {
      this.timeout(KILLS * 25_000);
      let report: CrashReport;
      before(async () => {
        report = await runCrash({ seed, kills: KILLS });
        reports.push(report);
      });

      it('loses no content, duplicates none beyond the copies made, and leaves the index equal to the disk', () => {
        const again = `reproduce: npm run crash-test -- --seed ${seed} --kills ${KILLS}`;
        expect(report.kills).to.equal(KILLS);
        expect(report.violations, `${again}\n${report.violations.join('\n')}`).to.deep.equal([]);
        expect(report.lost, again).to.equal(0);
        expect(report.duplicated, again).to.equal(0);
        expect(report.mismatches, again).to.equal(0);
      });
    });
  }

  describe('over all seeds', () => {
    const sum = (f: (r: CrashReport) => number) => reports.reduce((a, r) => a + f(r), 0);

    it('kills the server by both kinds of kill, mostly in the middle of an operation', () => {
      expect(sum((r) => r.faultKills)).to.be.greaterThan(0);
      expect(sum((r) => r.externalKills)).to.be.greaterThan(0);
      expect(sum((r) => r.killedDuring)).to.be.at.least((KILLS * SEEDS.length) / 2);
    });

    it('leaves recovery real work: units to redo and units to undo', () => {
      expect(sum((r) => r.redone)).to.be.greaterThan(0);
      expect(sum((r) => r.undone)).to.be.greaterThan(0);
    });
  });
});
