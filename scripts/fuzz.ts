import { runFuzz } from './fuzz/run.ts';
import type { FuzzReport } from './fuzz/run.ts';

/**
 * `npm run fuzz -- [--seed N] [--requests N] [--concurrency N] [--allow-placeholders] [--json]`
 * `npm run fuzz -- --seed N --replay I` sends only request I of that run and prints the exchange.
 * Exits 1 when there is any finding.
 */
function parseArgs(argv: string[]) {
  const opts = { seed: 1, requests: 20_000, concurrency: 16, allowPlaceholders: false, json: false, replay: undefined as number | undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`Expected ${a} to be followed by a non-negative integer, got \`${argv[i]}\``);
      return v;
    };
    if (a === '--seed') opts.seed = num();
    else if (a === '--requests') opts.requests = num();
    else if (a === '--concurrency') opts.concurrency = Math.max(1, num());
    else if (a === '--replay') opts.replay = num();
    else if (a === '--allow-placeholders') opts.allowPlaceholders = true;
    else if (a === '--json') opts.json = true;
    else throw new Error(`Unknown option ${a}`);
  }
  return opts;
}

function print(r: FuzzReport): void {
  const out = process.stdout;
  out.write(
    `seed ${r.seed}, ${r.requests} requests in ${(r.durationMs / 1000).toFixed(1)} s (${Math.round(r.requests / (r.durationMs / 1000))}/s), ${r.aliveChecks} liveness checks, sentinel ${r.sentinelIntact ? 'intact' : 'CHANGED'}\n`,
  );
  out.write(
    `outcomes: ${Object.entries(r.codes)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}\n\n`,
  );
  for (const [label, codes] of Object.entries(r.perLabel).sort()) {
    out.write(
      `  ${label.padEnd(44)} ${Object.entries(codes)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}\n`,
    );
  }
  if (Object.keys(r.placeholders).length > 0)
    out.write(
      `\nplaceholder 100s (not built yet): ${Object.entries(r.placeholders)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}\n`,
    );
  out.write(`\nfindings: ${r.findings.length}\n`);
  for (const f of r.findings) {
    out.write(`\n- [${f.kind}] ${f.label}: ${f.detail} (x${f.count}; requests ${f.indexes.join(', ')}; replay: npm run fuzz -- --seed ${r.seed} --replay ${f.indexes[0]})\n`);
    if (f.request) out.write(`  ${JSON.stringify(f.request)}\n`);
    if (f.stack) out.write(`  ${f.stack.split('\n').slice(0, 6).join('\n  ')}\n`);
  }
}

const opts = parseArgs(process.argv.slice(2));
const report = await runFuzz({
  ...opts,
  progress: opts.json ? undefined : (done, total) => process.stderr.write(`\r${done}/${total}`),
});
if (!opts.json) process.stderr.write('\n');
if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
else if (report.replay) process.stdout.write(`${JSON.stringify(report.replay, null, 2)}\n`);
else print(report);
process.exit(report.findings.length > 0 ? 1 : 0);
