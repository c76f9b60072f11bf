import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { WorkerRpc } from '../../src/threads/rpc.ts';

const threads = () => readdirSync('/proc/self/task').length;

describe('WorkerRpc (src/threads/rpc.ts)', function () {
  this.timeout(20_000);

  it('answers calls from its thread, and warm() starts the thread before any call', async function () {
    if (process.platform !== 'linux') this.skip();
    const rpc = new WorkerRpc<string, string>(new URL('./echo.worker.ts', import.meta.url), 'echo');
    try {
      const before = threads();
      rpc.warm();
      // A worker brings its own threads (its isolate's helpers): the count grows without a call.
      const until = Date.now() + 10_000;
      while (threads() <= before && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(threads()).to.be.greaterThan(before);
      expect(await rpc.call('hello')).to.equal('hello');
    } finally {
      await rpc.close();
    }
  });

  it('a call made while a closed thread exits goes to a new one, and the old one’s exit does not fail it', async () => {
    const rpc = new WorkerRpc<string, string>(new URL('./echo.worker.ts', import.meta.url), 'echo');
    try {
      expect(await rpc.call('first')).to.equal('first');
      const closing = rpc.close();
      const next = rpc.call('second');
      await closing;
      expect(await next).to.equal('second');
    } finally {
      await rpc.close();
    }
  });

  it('keeps the process alive while a call waits for its answer (and not after)', () => {
    const rpcModule = new URL('../../src/threads/rpc.ts', import.meta.url).href;
    const echo = new URL('./echo.worker.ts', import.meta.url).href;
    const script = `import { WorkerRpc } from ${JSON.stringify(rpcModule)};
      const rpc = new WorkerRpc(new URL(${JSON.stringify(echo)}), 'echo');
      rpc.call('answered').then((v) => console.log(v));`;
    // Nothing else holds the loop: without the call's ref the process ends before the thread has even loaded.
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 15_000 });
    expect(out.trim()).to.equal('answered');
  });
});
