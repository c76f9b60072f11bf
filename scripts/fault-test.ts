import { runFaults } from './fault/run.ts';
import type { FaultReport, FaultRound } from './fault/run.ts';

/**
 * `npm run fault-test -- [--seed N] [--faults N] [--quiet]`: runs random operations against the
 * real server with one file-system call armed to fail in each (ENOSPC, EIO, EACCES, EROFS; SPEC
 * §20, docs/reliability.md "File-system faults") until N faults (default 1 000) were injected,
 * and checks after each that the server answers, nothing is lost or duplicated and the index
 * equals the disk. Exits 1 on any violation.
 */
function parseArgs(argv: string[]) {
  const opts = { seed: 1, faults: 1000, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quiet') {
      opts.quiet = true;
      continue;
    }
    const v = Number(argv[++i]);
    if (!Number.isInteger(v) || v < 1) throw new Error(`Expected ${a} to be followed by a positive integer, got \`${argv[i]}\``);
    if (a === '--seed') opts.seed = v;
    else if (a === '--faults') opts.faults = v;
    else throw new Error(`Unknown option ${a}`);
  }
  return opts;
}

const count = (m: Record<string, number>) =>
  Object.entries(m)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k}=${v}`)
    .join(', ') || 'none';

function printRound(r: FaultRound): void {
  const what = r.injected > 0 ? `fault, answered ${r.reported.length > 0 ? [...new Set(r.reported)].join(' ') : 'success'}` : 'not reached';
  process.stdout.write(`round ${String(r.round).padStart(4)}: ${r.op.padEnd(28)} ${r.rule.padEnd(22)} ${what}\n`);
  if (r.injected > 0 && r.reported.length === 0) for (const l of r.logged) process.stdout.write(`  logged: ${l}\n`);
  for (const v of r.violations) process.stdout.write(`  VIOLATION ${v}\n`);
}

function printTotal(r: FaultReport): void {
  const out = process.stdout;
  out.write(`\nseed ${r.seed}: ${r.faults} faults injected in ${r.operations} operations, ${r.fixtures} fixtures, ${(r.durationMs / 1000).toFixed(1)} s\n`);
  out.write(`faults by call: ${count(r.byCall)}\n`);
  out.write(`operations with a fault: ${count(r.byOp)}\n`);
  out.write(`how the answers reported them: ${count(r.answers)}\n`);
  out.write(`faults no answer showed, by call: ${count(r.unreported)}\n`);
  out.write(`violations ${r.violations.length}\n`);
  for (const v of r.violations) out.write(`  ${v}\n`);
}

const opts = parseArgs(process.argv.slice(2));
const report = await runFaults({ seed: opts.seed, faults: opts.faults, onRound: opts.quiet ? undefined : printRound });
printTotal(report);
process.exit(report.violations.length > 0 ? 1 : 0);
