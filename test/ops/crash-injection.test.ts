import { expect } from 'chai';
import { runCrash } from '../../scripts/crash/run.ts';
import type { CrashReport } from '../../scripts/crash/run.ts';

/**
 * The short crash-injection run (SPEC §10; `npm run crash-test` is the long one): 20 SIGKILLs of
 * the real server, by the fault switch and by kill -9, during random album moves and merges,
 * item moves and copies, deletes, trash restores and Batch tasks, each followed by a restart and
 * a check by content hash and of the index against the disk.
 */
describe('crash injection: 20 SIGKILLs during random operations (seed 20260602)', function () {
  this.timeout(150_000);
  let report: CrashReport;

  before(async () => {
    report = await runCrash({ seed: 20260602, kills: 20 });
  });

  it('kills the server 20 times, by both kinds of kill, mostly in the middle of an operation', () => {
    expect(report.kills).to.equal(20);
    expect(report.faultKills).to.be.greaterThan(0);
    expect(report.externalKills).to.be.greaterThan(0);
    expect(report.killedDuring).to.be.at.least(10);
  });

  it('leaves recovery real work: units to redo and units to undo', () => {
    expect(report.redone).to.be.greaterThan(0);
    expect(report.undone).to.be.greaterThan(0);
  });

  it('loses no content, duplicates none beyond the copies made, and leaves the index equal to the disk', () => {
    expect(report.violations, report.violations.join('\n')).to.deep.equal([]);
    expect(report.lost).to.equal(0);
    expect(report.duplicated).to.equal(0);
    expect(report.mismatches).to.equal(0);
  });
});
