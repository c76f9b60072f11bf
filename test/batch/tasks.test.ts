import { expect } from 'chai';
import { albumId } from '../../src/library/ids.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { BATCH, SYNC, TASK, photo, taskItems, waitTask } from '../helpers/batch.ts';

const N = 3000;

describe('Background tasks (SPEC §12)', function () {
  this.timeout(60_000);
  let f: OpsFixture;
  afterEach(async () => {
    await f.station.services.tasks.runner.idle();
    await f.stop();
  });

  /** Starts a move of every photo below S (N of them, in 10 albums) to D as a task. */
  const moveAll = async (sid?: string) => {
    const r = await f.call(BATCH, 'move', { selection: JSON.stringify([{ children: albumId('S'), recursive: true }]), to: albumId('D') }, sid);
    expect(r.success, JSON.stringify(r)).to.equal(true);
    return r.data.taskid as string;
  };

  /** Each of the N photos exactly once on disk, in S/s* or in D. */
  const eachInOnePlace = () => {
    const rows = f.lib.db.prepare("SELECT albums.path AS album, items.name FROM items JOIN albums ON albums.id = items.album_id WHERE items.name LIKE 'p%'").all() as {
      album: string;
      name: string;
    }[];
    const names = rows.map((r) => r.name);
    expect(new Set(names).size).to.equal(N);
    expect(names.length).to.equal(N);
    expect(f.indexVsDisk()).to.deep.equal([]);
    return rows.filter((r) => r.album === 'D').length;
  };

  describe('a task left to run', () => {
    beforeEach(async () => {
      f = await OpsFixture.start();
      f.bulk('S', N, 10);
      f.album('D');
    });

    it('goes queued, processing, done, and the feed says so in that order', async () => {
      const cursor = f.lib.changes.latest();
      const taskid = await moveAll();
      const first = (await f.call(TASK, 'status', { taskid, limit: '0' })).data.task;
      expect(['queued', 'processing']).to.include(first.status);
      expect(first.result).to.equal(202);
      const task = await waitTask(f, taskid);
      expect(task).to.include({ status: 'done', total: N, processed: N, remaining: 0, progress: 1, result: 200, api: BATCH, method: 'move' });
      expect(task.updated_on).to.be.at.least(task.created_on);
      const events = (await f.call(SYNC, 'list', { cursor: String(cursor), limit: '5000' })).data.events.filter((e: { data_type: string }) => e.data_type === 'task');
      const statuses = events.map((e: { data: { status: string } }) => e.data.status);
      expect(events[0]).to.deep.include({ action: 'CREATE', data_key: taskid });
      expect(statuses[0]).to.equal('queued');
      expect(statuses[1]).to.equal('processing');
      expect(statuses[statuses.length - 1]).to.equal('done');
      const last = events[events.length - 1].data;
      expect(last).to.include({ job: `${BATCH}.move`, status: 'done' });
      expect(last.info).to.deep.equal({ total: N, remaining: 0 });
      expect(last.created_on).to.be.a('number');
      expect(last.updated_on).to.be.a('number');
      expect(eachInOnePlace()).to.equal(N);
    });

    it('pages its per-item results', async () => {
      const taskid = await moveAll();
      await waitTask(f, taskid);
      const page = (await f.call(TASK, 'status', { taskid, offset: '10', limit: '5' })).data;
      expect(page.total).to.equal(N);
      expect(page.offset).to.equal(15);
      expect(page.items).to.have.length(5);
      for (const it of page.items) expect(it.status).to.equal(204);
      const all = await taskItems(f, taskid);
      expect(all).to.have.length(N);
      expect(new Set(all.map((i) => i.new_id)).size).to.equal(N);
    });

    it('stops when asked while running: cancelled, fewer processed than total, every item in exactly one place', async () => {
      const taskid = await moveAll();
      await waitTask(f, taskid, (t) => (t.processed as number) > 0);
      const r = await f.call(TASK, 'stop', { taskid });
      expect(r.success).to.equal(true);
      const task = await waitTask(f, taskid);
      expect(task.status).to.equal('cancelled');
      expect(task.processed).to.be.greaterThan(0).and.lessThan(N);
      expect(task.result).to.equal(207);
      const moved = eachInOnePlace();
      expect(moved).to.equal(task.processed);
      const items = await taskItems(f, taskid);
      expect(items.filter((i) => i.status === 204)).to.have.length(task.processed);
      expect(items.filter((i) => i.status === 202)).to.have.length(N - task.processed);
    });

    it('stops a queued task at once, and it never runs', async () => {
      f.photo('Q', 'q.jpg');
      const running = await moveAll();
      const queued = (await f.call(BATCH, 'move', { selection: JSON.stringify([photo('Q', 'q.jpg')]), to: albumId('D') })).data.taskid;
      const r = await f.call(TASK, 'stop', { taskid: queued });
      expect(r.data.task.status).to.equal('cancelled');
      await f.call(TASK, 'stop', { taskid: running });
      await f.station.services.tasks.runner.idle();
      expect((await waitTask(f, queued)).processed).to.equal(0);
      expect(f.hasItem('Q/q.jpg') && f.exists('Q/q.jpg')).to.equal(true);
      eachInOnePlace();
    });

    it('clears finished tasks only', async () => {
      f.photo('Q', 'q.jpg');
      const first = (await f.call(BATCH, 'copy', { operations: JSON.stringify([{ from: photo('Q', 'q.jpg'), to: albumId('D') }]), async: 'true' })).data.taskid;
      await waitTask(f, first);
      const running = await moveAll();
      const cleared = await f.call(TASK, 'clear_finished', {});
      expect(cleared.data).to.deep.equal({ cleared: 1 });
      expect((await f.call(TASK, 'status', { taskid: first })).error?.code).to.equal(602);
      const list = (await f.call(TASK, 'list', {})).data;
      expect(list.tasks.map((t: { taskid: string }) => t.taskid)).to.deep.equal([running]);
      expect(f.lib.db.prepare('SELECT count(*) FROM task_units WHERE task_id NOT IN (SELECT id FROM tasks)').pluck().get()).to.equal(0);
    });
  });

  describe('with a queue of one task', () => {
    beforeEach(async () => {
      f = await OpsFixture.start({ taskQueueLimit: 1 });
      f.bulk('S', N, 10);
      f.album('D');
      f.photo('Q', 'q.jpg');
    });

    it('rejects a second task with 603 and lists it as rejected', async () => {
      const running = await moveAll();
      const r = await f.call(BATCH, 'copy', { selection: JSON.stringify([photo('Q', 'q.jpg')]), to: albumId('D') });
      expect(r).to.deep.equal({ success: false, error: { code: 603 } });
      const rejected = (await f.call(TASK, 'list', { status: 'rejected' })).data;
      expect(rejected.total).to.equal(1);
      expect(rejected.tasks[0]).to.include({ status: 'rejected', method: 'copy', processed: 0, result: 207 });
      await f.call(TASK, 'stop', { taskid: running });
      await f.station.services.tasks.runner.idle();
      expect(f.exists('D/q.jpg')).to.equal(false);
    });
  });

  describe("someone else's or an unknown task", () => {
    beforeEach(async () => {
      f = await OpsFixture.start();
      f.photo('S', 'a.jpg');
      f.album('D');
    });

    it('answers 602 for an unknown task id to status and stop', async () => {
      expect((await f.call(TASK, 'status', { taskid: 'feedface' })).error?.code).to.equal(602);
      expect((await f.call(TASK, 'stop', { taskid: 'feedface' })).error?.code).to.equal(602);
    });

    it('answers 602 to another user, and lists to each user only their own (all to an administrator)', async () => {
      const alice = await f.user('alice', { S: { browse: true, manage: true }, D: { upload: true } });
      const bob = await f.user('bob', { S: { browse: true } });
      const taskid = (await f.call(BATCH, 'move', { operations: JSON.stringify([{ from: photo('S', 'a.jpg'), to: albumId('D') }]), async: 'true' }, alice)).data.taskid;
      await waitTask(f, taskid);
      expect((await f.call(TASK, 'status', { taskid }, bob)).error?.code).to.equal(602);
      expect((await f.call(TASK, 'stop', { taskid }, bob)).error?.code).to.equal(602);
      expect((await f.call(TASK, 'list', {}, bob)).data.total).to.equal(0);
      expect((await f.call(TASK, 'clear_finished', {}, bob)).data.cleared).to.equal(0);
      expect((await f.call(TASK, 'list', {}, alice)).data.total).to.equal(1);
      expect((await f.call(TASK, 'list', {})).data.total).to.equal(1);
      expect((await f.call(TASK, 'status', { taskid })).data.task.status).to.equal('done');
      expect(f.hasItem('D/a.jpg')).to.equal(true);
    });
  });
});
