import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import sharp from 'sharp';
import { NiceThreads } from '../../src/runtime/thread-priority.ts';

/** Nice values of this process's threads named `name` (Linux). */
function nices(name: string): number[] {
  return readdirSync('/proc/self/task')
    .filter((tid) => {
      try {
        return readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === name;
      } catch {
        return false;
      }
    })
    .map((tid) => os.getPriority(Number(tid)));
}

describe('libvips threads run below the event loop (src/runtime/thread-priority.ts)', function () {
  this.timeout(30_000);
  before(function () {
    if (process.platform !== 'linux') this.skip();
  });

  it("lowers every 'libvips worker' thread to nice 10 and leaves the main thread as it was", async () => {
    const image = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#468' } })
      .jpeg()
      .toBuffer();
    await Promise.all([1, 2, 3].map(() => sharp(image).resize(200).jpeg().toBuffer()));
    const before = nices('libvips worker');
    expect(before.length, 'libvips has worker threads once it has worked').to.be.greaterThan(0);
    const main = os.getPriority(process.pid);
    new NiceThreads('libvips worker', 10, 0).apply();
    const after = nices('libvips worker');
    expect(after.length).to.equal(before.length);
    for (const nice of after) expect(nice).to.be.at.least(10);
    expect(os.getPriority(process.pid)).to.equal(main);
  });
});
