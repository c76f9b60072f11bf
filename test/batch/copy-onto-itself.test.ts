import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { albumId } from '../../src/library/ids.ts';
import { ChildServer } from '../helpers/child-server.ts';
import { trashVsEntries } from '../helpers/library-check.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { BATCH, FINISHED, TASK, taskItems, waitTask } from '../helpers/batch.ts';

/**
 * Issue #11, the seed-1 finding's server half: a Batch.copy of album `P/S` into its own parent
 * with `overwrite` is a merge of S onto itself: every file is replaced by its copy, the old one
 * to the trash (one extra copy of each content, as the rules of SPEC §9 ask). The copy's row is
 * new, with a higher id, and the album copy paged its source on `id > last`: once an engine batch
 * (200 units) had committed, the next page held the copies, which were copied again, and so on
 * without end. 250 items: more than one engine batch.
 */
const N = 250;
const OPERATIONS = JSON.stringify([{ from: albumId('P/S'), to: albumId('P'), duplicate: 'overwrite' }]);

function counts(hashes: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const h of hashes) out.set(h, (out.get(h) ?? 0) + 1);
  return out;
}

function fixture(f: OpsFixture): void {
  f.album('P');
  f.bulk('P/S', N, 1);
}

describe('A Batch.copy of an album onto itself (its parent as destination, overwrite), over one engine batch', function () {
  this.timeout(120_000);

  it('copies each file once: every content twice (the copy, the old file in the trash), and the task ends', async () => {
    const f = await OpsFixture.start();
    try {
      fixture(f);
      const initial = f.hashes();
      const r = await f.call(BATCH, 'copy', { async: 'true', operations: OPERATIONS });
      expect(r.success, JSON.stringify(r)).to.equal(true);
      // Before the fix the task never ended and the trash grew by thousands a second: stop at the first sign.
      const task = await waitTask(f, r.data.taskid as string, (t) => FINISHED.has(t.status as string) || f.trashCount() > N, 60_000);
      expect(f.trashCount(), 'trash entries: one per replaced file').to.equal(N);
      expect(task).to.include({ status: 'done', total: 1, processed: 1 });
      expect((await taskItems(f, r.data.taskid as string)).map((i) => i.status)).to.deep.equal([204]);
      const after = counts(f.hashes());
      expect(after.size).to.equal(initial.length);
      for (const h of initial) expect(after.get(h), 'each content: the copy in P/S and the old file in the trash').to.equal(2);
      expect(trashVsEntries(f.lib.db, f.trashDir)).to.deep.equal([]);
      expect(f.indexVsDisk()).to.deep.equal([]);
      expect(f.temporaries()).to.deep.equal([]);
    } finally {
      await f.stop();
    }
  });

  it('killed by the fault switch inside its second engine batch, then resumed: no content gains more than its one copy', async () => {
    const f = await OpsFixture.start();
    try {
      fixture(f);
      const initial = f.hashes();
      const original = new Map<string, string>();
      for (let i = 0; i < N; i++) original.set(`p${i}.jpg`, readFileSync(path.join(f.photoRoot, 'P/S', `p${i}.jpg`), 'utf8'));
      await f.stop(true);

      // after-disk:230: the 30th unit of the second engine batch (units 201-250). This guards the
      // resume path (recovery, then a resumed merge that must take a file for its own copy); the
      // test above is the one that failed before the fix (this kill lands before the re-copies).
      const server = await ChildServer.start(f.dir, { PHOTOSTATION_FAULT: 'after-disk:230' });
      const sid = await server.login();
      const r = await server.call({ api: BATCH, method: 'copy', async: 'true', operations: OPERATIONS }, sid);
      expect(r.success, JSON.stringify(r)).to.equal(true);
      const taskid = r.data.taskid as string;
      for (let i = 0; i < 1500 && !server.dead; i++) {
        const s = await server.call({ api: TASK, method: 'status', taskid, limit: '0' }, sid).catch(() => undefined);
        if (s?.success && FINISHED.has(s.data.task.status as string)) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (!server.dead) await server.kill('SIGTERM');
      expect(await server.exited, 'killed by the fault switch').to.equal('SIGKILL');

      await f.open();
      const task = await waitTask(f, taskid);
      expect(task).to.include({ status: 'done', total: 1, processed: 1 });
      expect((await taskItems(f, taskid)).map((i) => i.status)).to.deep.equal([204]);
      // Nothing lost, nothing copied twice: the resumed merge leaves what is a copy of itself.
      const after = counts(f.hashes());
      expect(after.size).to.equal(initial.length);
      for (const h of initial) expect(after.get(h)).to.be.within(1, 2);
      for (const [name, content] of original) expect(readFileSync(path.join(f.photoRoot, 'P/S', name), 'utf8'), name).to.equal(content);
      expect(f.trashCount()).to.equal([...after.values()].filter((n) => n === 2).length);
      expect(trashVsEntries(f.lib.db, f.trashDir)).to.deep.equal([]);
      expect(f.indexVsDisk()).to.deep.equal([]);
      expect(f.temporaries()).to.deep.equal([]);
      expect(f.lib.db.prepare('SELECT count(*) FROM journal').pluck().get()).to.equal(0);
    } finally {
      await f.stop();
    }
  });
});
