import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repo = path.join(import.meta.dirname, '..');

/** Runs `body` in a fresh Node process with `logSink` imported, and answers the log file's lines. */
function linesAfter(body: string): Record<string, unknown>[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'ps-sink-'));
  const file = path.join(dir, 'a.log');
  try {
    const script = `import { logSink } from ${JSON.stringify(path.join(repo, 'src/log-sink.ts'))};\nconst sink = logSink(${JSON.stringify(file)});\n${body}`;
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
    return readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the log sink (src/log-sink.ts): lines gathered per turn of the event loop', function () {
  this.timeout(30_000);

  it('writes the lines of the turn a process exits in, in order, without close()', () => {
    // Once the file is open (it opens asynchronously, at start-up in the server).
    const lines = linesAfter(
      `await new Promise((r) => setTimeout(r, 200)); sink.log({ n: 1 }); sink.log({ n: 2 }); setImmediate(() => { sink.log({ n: 3 }); sink.log({ n: 4 }); process.exit(0); });`,
    );
    expect(lines.map((l) => l.n)).to.deep.equal([1, 2, 3, 4]);
  });

  it('keeps the order of access lines and a line written at once (logNow) in the same turn', () => {
    const lines = linesAfter(`sink.log({ n: 1 }); sink.logNow({ n: 2 }); sink.log({ n: 3 }); await sink.close(); sink.log({ n: 4 });`);
    expect(lines.map((l) => l.n)).to.deep.equal([1, 2, 3]);
  });
});
