import { expect } from 'chai';
import Database from 'better-sqlite3';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { albumId } from '../../src/library/ids.ts';
import { ChildServer } from '../helpers/child-server.ts';
import { trashVsEntries } from '../helpers/library-check.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { BATCH, TASK, photo, taskItems, waitTask } from '../helpers/batch.ts';

/**
 * Starts the real server with `fault`, submits a Batch task and waits for the fault switch to
 * kill it (SIGKILL); answers the task id.
 */
async function submitUntilKilled(dir: string, fault: string, params: Record<string, string>): Promise<string> {
  const server = await ChildServer.start(dir, { PHOTOSTATION_FAULT: fault });
  const sid = await server.login();
  const r = await server.call({ api: BATCH, async: 'true', ...params }, sid);
  expect(r.success, JSON.stringify(r)).to.equal(true);
  const taskid = r.data.taskid as string;
  // The fault point was never reached: poll until the task ends, then stop, so the test fails instead of hanging.
  for (let i = 0; i < 500 && !server.dead; i++) {
    const s = await server.call({ api: TASK, method: 'status', taskid, limit: '0' }, sid).catch(() => undefined);
    if (s?.success && s.data.task.status !== 'queued' && s.data.task.status !== 'processing') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (!server.dead) await server.kill('SIGTERM');
  expect(await server.exited, 'killed by the fault switch').to.equal('SIGKILL');
  return taskid;
}

/**
 * Issue #11 (`npm run crash-test -- --seed 777 --kills 40`, round 6): a Batch.move listing an
 * album and then an item inside it. The album moves first (its own engine batch); the item's
 * unit, an overwrite of a same-named file in the destination, then finds its source gone and
 * fails before displacing anything. A crash while its intent was still journaled left the disk
 * as "source gone, destination present": recovery took that for "moved" and applied it, making
 * a trash entry for a file that never left the destination (and dropping the destination's
 * metadata); the receipt then told the resumed task the unit was done.
 */
describe('A Batch unit whose disk step failed, killed before its commit (issue #11)', function () {
  this.timeout(60_000);
  // after-disk:2 is the item's (failed) disk step; after-journal:2 kills before it runs. Both
  // leave the same disk (the failed step changed nothing), as before-commit:2 does.
  for (const fault of ['after-disk:2', 'after-journal:2']) {
    describe(`killed at ${fault}`, () => {
      let f: OpsFixture;
      let initial: string[];
      before(async () => {
        f = await OpsFixture.start();
        f.photo('S', 'x.jpg', { title: 'from S' });
        f.photo('S', 'y.jpg');
        f.photo('D', 'x.jpg', { title: 'kept', rating: 4 });
        initial = f.hashes();
        await f.stop(true);
      });
      after(async () => {
        await f.stop();
      });

      it('recovery undoes the unit: no trash entry without contents, the destination keeps its file and metadata, the task answers 404', async () => {
        const operations = JSON.stringify([
          { from: albumId('S'), to: albumId('D'), duplicate: 'overwrite' },
          { from: photo('S', 'x.jpg'), to: albumId('D'), duplicate: 'overwrite' },
        ]);
        const taskid = await submitUntilKilled(f.dir, fault, { method: 'move', operations });
        const logs: Record<string, unknown>[] = [];
        await f.open({ log: (l) => logs.push(l) });
        expect(trashVsEntries(f.lib.db, f.trashDir), 'right after recovery').to.deep.equal([]);
        const task = await waitTask(f, taskid);
        expect(task).to.include({ status: 'done', total: 2, processed: 2 });
        const items = await taskItems(f, taskid);
        expect(items.map((i) => i.status)).to.deep.equal([204, 404]);

        expect(trashVsEntries(f.lib.db, f.trashDir)).to.deep.equal([]);
        expect(f.trashCount()).to.equal(0);
        // The unit did not happen: recovery undid it (dropped its intent), it did not redo it.
        const recovered = logs.find((l) => l.msg === 'journal recovered') as { redone: number; undone: number } | undefined;
        expect(recovered, 'recovery ran').to.include({ redone: 0, undone: 1 });
        expect(readdirSync(f.trashDir)).to.deep.equal([]);
        const kept = f.lib.items.get(f.lib.albums.byPath('D')!.id, 'x.jpg');
        expect(kept, 'D/x.jpg keeps its row').to.include({ title: 'kept', rating: 4 });
        expect(f.hasItem('D/S/x.jpg') && f.hasItem('D/S/y.jpg')).to.equal(true);
        expect(f.indexVsDisk()).to.deep.equal([]);
        expect(f.temporaries()).to.deep.equal([]);
        expect(f.lib.db.prepare('SELECT count(*) FROM journal').pluck().get()).to.equal(0);
        expect(f.hashes()).to.deep.equal(initial);
      });
    });
  }
});

/**
 * Found by the fault sweep (`npm run crash-test -- --sweep`): a Batch.copy of an album onto an
 * album of the same name with `overwrite` is a merge, whose item copies replace the files there.
 * Resumed after a crash, it took every name present for a copy made before the crash and left
 * the files it had not yet replaced as they were, while answering 204.
 */
describe('A Batch.copy merge (overwrite onto a same-named album) resumed after SIGKILL', function () {
  this.timeout(60_000);
  // after-journal:1: no copy happened yet; after-disk:2: some happened, recovery finished them
  // (the first disk step is the target folder's, an `album-create` unit of its own batch).
  // With a `name` of its own the merge is onto D/X, and the resumed unit must still answer 204.
  for (const { fault, name } of [
    { fault: 'after-journal:1', name: undefined },
    { fault: 'after-disk:2', name: undefined },
    { fault: 'after-journal:1', name: 'X' },
  ]) {
    const T = `D/${name ?? 'S'}`;
    describe(`killed at ${fault}${name ? `, copied under the name ${name}` : ''}`, () => {
      let f: OpsFixture;
      let initial: string[];
      before(async () => {
        f = await OpsFixture.start();
        // Sizes apart: a file of the source's size and modification time would count as its copy.
        for (const n of ['a', 'b', 'c', 'd', 'e', 'g']) f.photo('S', `${n}.jpg`, { title: `S/${n}` }, `new ${n}`);
        for (const n of ['a', 'b', 'c', 'd', 'e', 'g']) f.photo(T, `${n}.jpg`, { title: `old ${n}` }, `the old ${n} in ${T}`);
        f.photo(T, 'z.jpg');
        initial = f.hashes();
        await f.stop(true);
      });
      after(async () => {
        await f.stop();
      });

      it('replaces every file of the same name, the old ones to the trash, as an uninterrupted merge does', async () => {
        const operations = JSON.stringify([{ from: albumId('S'), to: albumId('D'), duplicate: 'overwrite', ...(name ? { name } : {}) }]);
        const taskid = await submitUntilKilled(f.dir, fault, { method: 'copy', operations });
        await f.open();
        const task = await waitTask(f, taskid);
        expect(task).to.include({ status: 'done', total: 1, processed: 1 });
        expect((await taskItems(f, taskid)).map((i) => i.status)).to.deep.equal([204]);
        const bytes = (rel: string) => readFileSync(path.join(f.photoRoot, rel), 'utf8');
        for (const n of ['a', 'b', 'c', 'd', 'e', 'g']) expect(bytes(`${T}/${n}.jpg`), `${T}/${n}.jpg is the copy of S/${n}.jpg`).to.equal(bytes(`S/${n}.jpg`));
        // Each old file is in the trash, restorable, with its entry and row.
        const entries = f.lib.db.prepare('SELECT path, reason, meta FROM trash ORDER BY path').all() as { path: string; reason: string; meta: string }[];
        expect(entries.map((e) => `${e.path}:${e.reason}`)).to.deep.equal(['a', 'b', 'c', 'd', 'e', 'g'].map((n) => `${T}/${n}.jpg:overwrite`));
        expect(entries.map((e) => (JSON.parse(e.meta) as { item: { title: string } }).item.title)).to.deep.equal(['a', 'b', 'c', 'd', 'e', 'g'].map((n) => `old ${n}`));
        expect(trashVsEntries(f.lib.db, f.trashDir)).to.deep.equal([]);
        expect(f.indexVsDisk()).to.deep.equal([]);
        expect(f.temporaries()).to.deep.equal([]);
        // Nothing lost: every original content is still there; the copies are the only additions.
        const after = f.hashes();
        for (const h of initial) expect(after).to.include(h);
        expect(after).to.have.length(initial.length + 6);
      });
    });
  }
});

/**
 * Found by the fault sweep: a Batch.move of an album onto a same-named album with `overwrite`
 * (a merge) killed after its last unit, the removal of the emptied source, reached the disk but
 * before its commit. Recovery finished the removal; the resumed task found no source album and
 * answered 404 for a merge that had happened. The result now rides on that last unit.
 */
describe('A Batch.move merge killed after removing the emptied source, before its commit', function () {
  this.timeout(60_000);
  let f: OpsFixture;
  let initial: string[];
  before(async () => {
    f = await OpsFixture.start();
    f.photo('S', 'a.jpg');
    f.photo('S', 'b.jpg');
    f.photo('D/S', 'a.jpg');
    initial = f.hashes();
    await f.stop(true);
  });
  after(async () => {
    await f.stop();
  });

  it('answers 204 for the merge, with everything moved and the old a.jpg in the trash', async () => {
    // Units: the two item moves (one engine batch), then the album-drop of S: the 3rd disk step.
    const operations = JSON.stringify([{ from: albumId('S'), to: albumId('D'), duplicate: 'overwrite' }]);
    const taskid = await submitUntilKilled(f.dir, 'after-disk:3', { method: 'move', operations });
    const logs: Record<string, unknown>[] = [];
    await f.open({ log: (l) => logs.push(l) });
    expect(
      logs.find((l) => l.msg === 'journal recovered'),
      'recovery finished the removal',
    ).to.include({ redone: 1, undone: 0 });
    const task = await waitTask(f, taskid);
    expect(task).to.include({ status: 'done', total: 1, processed: 1 });
    expect((await taskItems(f, taskid)).map((i) => i.status)).to.deep.equal([204]);
    expect(f.exists('S')).to.equal(false);
    expect(f.hasItem('D/S/a.jpg') && f.hasItem('D/S/b.jpg')).to.equal(true);
    expect(trashVsEntries(f.lib.db, f.trashDir)).to.deep.equal([]);
    expect(f.indexVsDisk()).to.deep.equal([]);
    expect(f.hashes()).to.deep.equal(initial);
  });
});

/**
 * Issue #14: an album copy makes its folders as units (`album-create`), so their rows go through
 * the journal like every other index change of a long operation. Killed right after the first
 * intent was journaled, the journal names the folder; the resumed task finishes the copy, and
 * every new album carries its source's title.
 */
describe('A Batch.copy of an album with a sub-album, killed right after its first intent', function () {
  this.timeout(60_000);
  let f: OpsFixture;
  before(async () => {
    f = await OpsFixture.start();
    f.photo('S', 'a.jpg');
    f.photo('S/sub', 'b.jpg');
    f.lib.albums.update(f.album('S').id, { title: 'Source', description: 'the source' });
    f.lib.albums.update(f.album('S/sub').id, { title: 'Inner' });
    f.album('D');
    await f.stop(true);
  });
  after(async () => {
    await f.stop();
  });

  it('journals the folder as an album-create unit, and the resumed copy indexes each folder with its source’s title', async () => {
    const operations = JSON.stringify([{ from: albumId('S'), to: albumId('D'), duplicate: 'rename' }]);
    const taskid = await submitUntilKilled(f.dir, 'after-journal:1', { method: 'copy', operations });
    const db = new Database(path.join(f.dir, 'photostation.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT kind, src, dst FROM journal').all()).to.deep.equal([{ kind: 'album-create', src: 'S', dst: 'D/S' }]);
    } finally {
      db.close();
    }
    await f.open();
    const task = await waitTask(f, taskid);
    expect(task).to.include({ status: 'done', total: 1, processed: 1 });
    expect((await taskItems(f, taskid)).map((i) => i.status)).to.deep.equal([204]);
    expect(f.lib.albums.byPath('D/S')).to.include({ title: 'Source', description: 'the source' });
    expect(f.lib.albums.byPath('D/S/sub')).to.include({ title: 'Inner' });
    expect(readdirSync(path.join(f.photoRoot, 'D/S')).sort()).to.deep.equal(['a.jpg', 'sub']);
    expect(readdirSync(path.join(f.photoRoot, 'D/S/sub'))).to.deep.equal(['b.jpg']);
    expect(f.indexVsDisk()).to.deep.equal([]);
    expect(f.temporaries()).to.deep.equal([]);
  });
});
