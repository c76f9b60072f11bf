import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/** Mounts a 64 MiB tmpfs at `dir` (a second file system for a test); answers why not when the machine does not allow it. */
export function mountTmpfs(dir: string): string | undefined {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (err) {
    return `mount -t tmpfs failed: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`;
  }
}

/**
 * `mountTmpfs` for a test that needs two file systems: where the machine refuses the mount, the
 * test is skipped with the reason printed, and under CI (the `CI` variable) it fails instead.
 */
export function tmpfsOrSkip(test: Mocha.Context, dir: string): void {
  const why = mountTmpfs(dir);
  if (why === undefined) return;
  const msg = `SKIPPED (two file systems): ${why}`;
  process.stdout.write(`      ${msg}\n`);
  if (process.env.CI) throw new Error(`${msg}; CI must run this test`);
  test.skip();
}
