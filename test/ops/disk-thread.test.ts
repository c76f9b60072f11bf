import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { UnsafePathError } from '../../src/library/disk.ts';
import { albumId, itemId } from '../../src/library/ids.ts';
import { diskThreadLoad, fromWire, stopDiskThread, toWire } from '../../src/ops/disk-thread.ts';
import { notThere } from '../../src/ops/results.ts';
import { fsFaultsInjected, setFsFaults } from '../../src/runtime/fsx.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { BATCH, taskItems, waitTask } from '../helpers/batch.ts';

const PHOTO = 'SYNO.PhotoStation.Photo';
const ids = (album: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => itemId(album, `p${from + i}.jpg`, 'photo')).join(',');
const statuses = (r: { data?: { items?: unknown } }) => ((r.data?.items ?? []) as { status: number }[]).map((it) => it.status);

describe('the disk thread (plain item moves, pipelined batches)', function () {
  this.timeout(60_000);
  let f: OpsFixture;
  beforeEach(async () => {
    f = await OpsFixture.start();
  });
  afterEach(async () => {
    setFsFaults(undefined);
    await f.stop();
  });

  it('moves 2 000 photos in ten batches, two out at once: every file once, the index equal to the disk, one event each in order', async () => {
    f.bulk('S', 2000, 1);
    f.album('D');
    const before = f.hashes();
    const feedBefore = f.lib.db.prepare('SELECT max(cursor) FROM changes').pluck().get() as number | null;
    const load = { ...diskThreadLoad };
    diskThreadLoad.mostOut = 0;
    const r = await f.call(PHOTO, 'copy', { id: ids('S', 2000), sharepath: albumId('D'), mode: 'move', duplicate: 'rename' });
    expect(r.success).to.equal(true);
    expect(statuses(r).every((s) => s === 204)).to.equal(true);
    expect(diskThreadLoad.sent - load.sent, 'batches on the disk thread').to.equal(10);
    expect(diskThreadLoad.mostOut, 'the next batch was written while the thread worked').to.equal(2);
    expect(readdirSync(path.join(f.photoRoot, 'S'))).to.deep.equal([]);
    expect(readdirSync(path.join(f.photoRoot, 'D'))).to.have.length(2000);
    expect(f.hashes()).to.deep.equal(before);
    expect(f.indexVsDisk()).to.deep.equal([]);
    expect(f.lib.db.prepare('SELECT count(*) FROM journal').pluck().get()).to.equal(0);
    const moved = f.lib.db
      .prepare("SELECT data FROM changes WHERE cursor > ? AND action = 'MOVE' ORDER BY cursor")
      .pluck()
      .all(feedBefore ?? 0) as string[];
    expect(moved.map((d) => (JSON.parse(d) as { from: string }).from)).to.deep.equal(ids('S', 2000).split(','));
  });

  it('a rename failing there (EROFS, counted with this thread’s rules) fails that item alone', async () => {
    f.bulk('S', 450, 1);
    f.album('D');
    const before = f.hashes();
    setFsFaults('fs:rename:250:EROFS');
    const r = await f.call(PHOTO, 'copy', { id: ids('S', 450), sharepath: albumId('D'), mode: 'move', duplicate: 'rename' });
    expect(fsFaultsInjected(), 'the 250th rename, on the disk thread').to.equal(1);
    expect(statuses(r).filter((s) => s === 500)).to.have.length(1);
    expect(statuses(r).filter((s) => s === 204)).to.have.length(449);
    expect(readdirSync(path.join(f.photoRoot, 'S'))).to.deep.equal(['p249.jpg']);
    expect(f.hashes()).to.deep.equal(before);
    expect(f.indexVsDisk()).to.deep.equal([]);
  });

  it('lets an operation waiting for the lock in between two batches', async () => {
    f.bulk('S', 3000, 1);
    f.photo('T', 'solo.jpg');
    f.album('D');
    const order: string[] = [];
    const big = f.call(PHOTO, 'copy', { id: ids('S', 3000), sharepath: albumId('D'), mode: 'move', duplicate: 'rename' }).then((r) => (order.push('big'), r));
    await new Promise((r) => setTimeout(r, 30));
    const small = f.call(PHOTO, 'copy', { id: itemId('T', 'solo.jpg', 'photo'), sharepath: albumId('D'), mode: 'move', duplicate: 'rename' }).then((r) => (order.push('small'), r));
    const [rb, rs] = await Promise.all([big, small]);
    expect(rb.success && rs.success).to.equal(true);
    expect(order).to.deep.equal(['small', 'big']);
    expect(readdirSync(path.join(f.photoRoot, 'D'))).to.have.length(3001);
    expect(f.indexVsDisk()).to.deep.equal([]);
  });

  it('finishes a batch on the main thread when the disk thread stops under it', async () => {
    const logs: Record<string, unknown>[] = [];
    await f.stop();
    f = await OpsFixture.start({ log: (l) => logs.push(l) });
    f.bulk('S', 3000, 1);
    f.album('D');
    const before = f.hashes();
    const load = { ...diskThreadLoad };
    const moving = f.call(PHOTO, 'copy', { id: ids('S', 3000), sharepath: albumId('D'), mode: 'move', duplicate: 'rename' });
    while (diskThreadLoad.sent - load.sent < 3) await new Promise((r) => setImmediate(r));
    await stopDiskThread();
    const r = await moving;
    expect(
      logs.filter((l) => String(l.msg).startsWith('the disk thread stopped')),
      'a batch was out when it stopped',
    ).to.have.length.of.at.least(1);
    expect(statuses(r)).to.have.length(3000);
    expect(statuses(r).every((s) => s === 204)).to.equal(true);
    expect(readdirSync(path.join(f.photoRoot, 'D'))).to.have.length(3000);
    expect(f.hashes()).to.deep.equal(before);
    expect(f.indexVsDisk()).to.deep.equal([]);
    expect(f.lib.db.prepare('SELECT count(*) FROM journal').pluck().get()).to.equal(0);
  });

  it('is not used when switched off (PHOTOSTATION_DISK_THREAD=0): the same move, on the main thread', async () => {
    await f.stop();
    f = await OpsFixture.start({ diskThread: false });
    f.bulk('S', 450, 1);
    f.album('D');
    const before = f.hashes();
    const sent = diskThreadLoad.sent;
    const r = await f.call(PHOTO, 'copy', { id: ids('S', 450), sharepath: albumId('D'), mode: 'move', duplicate: 'rename' });
    expect(statuses(r).every((s) => s === 204)).to.equal(true);
    expect(diskThreadLoad.sent).to.equal(sent);
    expect(readdirSync(path.join(f.photoRoot, 'D'))).to.have.length(450);
    expect(f.hashes()).to.deep.equal(before);
    expect(f.indexVsDisk()).to.deep.equal([]);
  });

  it('a Batch unit whose source an earlier unit moved there finds it (after a full batch, and inside one)', async () => {
    f.bulk('S', 201, 1);
    f.album('D');
    f.album('E');
    const ops = Array.from({ length: 200 }, (_, i) => ({ from: itemId('S', `p${i}.jpg`, 'photo'), to: albumId('D') }));
    // After a whole batch (shipped, maybe not committed when this unit is looked up), then inside the pending one.
    ops.push({ from: itemId('D', 'p0.jpg', 'photo'), to: albumId('E') });
    ops.push({ from: itemId('S', 'p200.jpg', 'photo'), to: albumId('D') }, { from: itemId('D', 'p200.jpg', 'photo'), to: albumId('E') });
    const before = f.hashes();
    const r = await f.call(BATCH, 'move', { async: 'true', operations: JSON.stringify(ops) });
    expect(r.success, JSON.stringify(r)).to.equal(true);
    expect(await waitTask(f, r.data.taskid as string)).to.include({ status: 'done' });
    const items = await taskItems(f, r.data.taskid as string);
    expect(items.map((i: { status: number }) => i.status)).to.deep.equal(ops.map(() => 204));
    expect(readdirSync(path.join(f.photoRoot, 'E')).sort()).to.deep.equal(['p0.jpg', 'p200.jpg']);
    expect(readdirSync(path.join(f.photoRoot, 'D'))).to.have.length(199);
    expect(f.hashes()).to.deep.equal(before);
    expect(f.indexVsDisk()).to.deep.equal([]);
  });

  it('carries an error across: a link on the way stays a link on the way, an errno its code', () => {
    const unsafe = fromWire({ state: 'failed', error: toWire(new UnsafePathError('A symlink is on the path: a/b')) });
    expect(unsafe.state === 'failed' && unsafe.error).to.be.instanceOf(UnsafePathError);
    expect(notThere(unsafe)).to.equal(true);
    const eio = fromWire({ state: 'failed', error: toWire(Object.assign(new Error('EIO: i/o error'), { code: 'EIO', errno: -5, syscall: 'rename' })) });
    expect(eio.state === 'failed' && eio.error).to.include({ code: 'EIO', errno: -5, syscall: 'rename', message: 'EIO: i/o error' });
    expect(notThere(eio)).to.equal(false);
  });
});
