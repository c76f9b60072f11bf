import { runCrash } from './crash/run.ts';
import type { CrashReport, RoundReport } from './crash/run.ts';
import { STRATEGIES, runSweep } from './crash/sweep.ts';
import type { Method, SweepCase, SweepReport } from './crash/sweep.ts';
import { runSpacesCrash } from './crash/spaces.ts';
import type { SpacesCase } from './crash/spaces.ts';

/**
 * `npm run crash-test -- [--seed N] [--kills N] [--keep DIR]`: SIGKILLs the real server N times during
 * random moves, copies, deletes, restores and Batch tasks, restarts it each time and checks that
 * no content was lost or duplicated and that the index equals the disk (docs/reliability.md,
 * "Crash injection"). Exits 1 on any violation. With `--keep`, a round with a violation leaves
 * its data folder, requests and answers in DIR (a later run of the seed may not meet it again).
 *
 * `npm run crash-test -- --sweep [--method move|copy|delete] [--duplicate rename|overwrite|ignore|ask]`:
 * instead, kills one Batch task at every fault position, for each method and strategy
 * (`scripts/crash/sweep.ts`).
 *
 * `npm run crash-test -- --spaces`: only the cross-space case (scripts/crash/spaces.ts), which the
 * default run also runs after its rounds: moves and copies between the shared library and a
 * personal one, killed at every fault point of a unit.
 */
function parseArgs(argv: string[]) {
  const opts: { seed: number; kills: number; sweep: boolean; spaces: boolean; methods?: Method[]; duplicates?: string[]; keepDir?: string } = {
    seed: 1,
    kills: 200,
    sweep: false,
    spaces: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sweep') {
      opts.sweep = true;
      continue;
    }
    if (a === '--spaces') {
      opts.spaces = true;
      continue;
    }
    if (a === '--keep') {
      opts.keepDir = argv[++i];
      if (!opts.keepDir) throw new Error('Expected --keep to be followed by a folder');
      continue;
    }
    if (a === '--method' || a === '--duplicate') {
      const v = argv[++i] ?? '';
      const allowed: readonly string[] = a === '--method' ? ['move', 'copy', 'delete'] : STRATEGIES;
      if (!allowed.includes(v)) throw new Error(`Expected ${a} to be one of ${allowed.join(', ')}, got \`${v}\``);
      if (a === '--method') (opts.methods ??= []).push(v as Method);
      else (opts.duplicates ??= []).push(v);
      continue;
    }
    const v = Number(argv[++i]);
    if (!Number.isInteger(v) || v < 0) throw new Error(`Expected ${a} to be followed by a non-negative integer, got \`${argv[i]}\``);
    if (a === '--seed') opts.seed = v;
    else if (a === '--kills') opts.kills = Math.max(1, v);
    else throw new Error(`Unknown option ${a}`);
  }
  return opts;
}

function printRound(r: RoundReport): void {
  const recovery = r.redone + r.undone > 0 ? `recovery redone ${r.redone} undone ${r.undone}` : 'recovery had nothing';
  process.stdout.write(
    `round ${String(r.round).padStart(3)}: ${r.kill.padEnd(30)} ${String(r.ops.length)} ops, died ${r.killedDuring ? `during ${r.killedDuring}` : 'between ops'}, left ${r.intents} intents; ` +
      `${recovery}, tasks resumed ${r.tasksResumed}; files ${r.files}; lost ${r.lost} dup ${r.duplicated} mismatches ${r.mismatches} (${(r.ms / 1000).toFixed(1)} s)\n`,
  );
  for (const v of r.violations) process.stdout.write(`  VIOLATION ${v}\n`);
}

function printTotal(r: CrashReport): void {
  const out = process.stdout;
  out.write(`\nseed ${r.seed}: ${r.kills} kills (${r.faultKills} by the fault switch, ${r.externalKills} by kill -9) in ${(r.durationMs / 1000).toFixed(1)} s\n`);
  out.write(
    `operations ${r.operations}: ${Object.entries(r.opsByKind)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}\n`,
  );
  out.write(
    `died during an operation ${r.killedDuring}, recoveries with work ${r.recoveriesWithWork} (redone ${r.redone}, undone ${r.undone}), tasks resumed ${r.tasksResumed}, fixtures ${r.fixtures}\n`,
  );
  out.write(`lost ${r.lost}, duplicated ${r.duplicated}, index mismatches ${r.mismatches}, violations ${r.violations.length}\n`);
  for (const v of r.violations) out.write(`  ${v}\n`);
}

function printCase(c: SweepCase): void {
  const what = `Batch.${c.method}${c.duplicate ? ` ${c.duplicate}` : ''}`.padEnd(24);
  const how = c.killed
    ? `killed at ${c.fault}`.padEnd(28) + ` left ${c.intents} intents, recovery redone ${c.redone} undone ${c.undone}`
    : `${c.fault} not reached (end of that point's sweep)`;
  process.stdout.write(`${what} ${how}${c.violations.length ? '' : ': ok'}\n`);
  for (const v of c.violations) process.stdout.write(`  VIOLATION ${v}\n`);
}

function printSweep(r: SweepReport): void {
  process.stdout.write(
    `\nsweep: ${r.cases.length} cases, ${r.kills} kills by the fault switch in ${(r.durationMs / 1000).toFixed(1)} s; recovery redone ${r.redone}, undone ${r.undone}; violations ${r.violations.length}\n`,
  );
  for (const v of r.violations) process.stdout.write(`  ${v}\n`);
}

const opts = parseArgs(process.argv.slice(2));
if (opts.sweep) {
  const report = await runSweep({ methods: opts.methods, duplicates: opts.duplicates, onCase: printCase });
  printSweep(report);
  process.exit(report.violations.length > 0 ? 1 : 0);
}
function printSpacesCase(c: SpacesCase): void {
  process.stdout.write(`${c.what.padEnd(32)} ${c.killed ? `killed at ${c.fault}` : `${c.fault} not reached`}${c.violations.length ? '' : ': ok'}\n`);
  for (const v of c.violations) process.stdout.write(`  VIOLATION ${v}\n`);
}

async function spaces(): Promise<number> {
  process.stdout.write('\ncross-space moves and copies (SPEC §18):\n');
  const r = await runSpacesCrash(printSpacesCase);
  process.stdout.write(`cross-space: ${r.cases.length} cases, ${r.cases.filter((c) => c.killed).length} killed, violations ${r.violations.length}\n`);
  return r.violations.length;
}

if (opts.spaces) process.exit((await spaces()) > 0 ? 1 : 0);
const report = await runCrash({ ...opts, onRound: printRound });
printTotal(report);
const spaceViolations = await spaces();
process.exit(report.violations.length > 0 || spaceViolations > 0 ? 1 : 0);
