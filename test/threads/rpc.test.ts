import { expect } from 'chai';
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
});
