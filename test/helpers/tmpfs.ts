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
