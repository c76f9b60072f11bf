import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { backgroundNice } from '../../src/runtime/thread-priority.ts';
import { startWorker } from '../../src/threads/start.ts';
import { LIBVIPS_WORKER, render } from '../../src/thumbs/render.ts';
import { halves } from '../thumbs/images.ts';

/** Each thread of this process: its name and nice value (/proc/self/task/<tid>/stat, field 19). */
function threads(): { tid: number; name: string; nice: number }[] {
  return readdirSync('/proc/self/task').flatMap((t) => {
    try {
      const stat = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      return [{ tid: Number(t), name: readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim(), nice: Number(fields[16]) }];
    } catch {
      return []; // ended since the readdir
    }
  });
}

describe('background work below requests (runtime/thread-priority.ts)', () => {
  const mainNice = os.getPriority(0);
  before(function () {
    if (process.platform !== 'linux') this.skip();
  });

  it("rendering thumbnails leaves every libvips worker at the background nice value and the main thread at the process's", async () => {
    const picture = await halves(3000, 2000);
    await Promise.all([1, 2, 3].map(() => render({ bytes: picture }, 0, { seconds: 30 })));
    const all = threads();
    const vips = all.filter((t) => t.name === LIBVIPS_WORKER);
    expect(vips.length, 'libvips started its workers').to.be.greaterThan(0);
    expect(vips.map((t) => t.nice)).to.deep.equal(vips.map(() => backgroundNice()));
    expect(all.find((t) => t.tid === process.pid)?.nice).to.equal(mainNice);
  });

  it('a worker thread of ours lowers itself, and only itself', async () => {
    const worker = startWorker(new URL('./nice.worker.ts', import.meta.url), undefined);
    const nice = await new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
    await worker.terminate();
    expect(nice).to.equal(backgroundNice());
    expect(threads().find((t) => t.tid === process.pid)?.nice).to.equal(mainNice);
  });
});
