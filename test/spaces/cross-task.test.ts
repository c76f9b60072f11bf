import { expect } from 'chai';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { albumId, itemId } from '../../src/library/ids.ts';
import type { Library } from '../../src/library/library.ts';
import { ADMIN_PASSWORD, startServer, userApi } from '../helpers/server.ts';
import type { Params, TestServer } from '../helpers/server.ts';

/**
 * Batch work between spaces as a background task (SPEC §12, §18): the same TaskRunner as within
 * one space, so asynchronous, with progress, a stop, and a resume after a restart; and
 * `overwrite` sending the replaced file to the target space's trash. Checked on both disks and
 * in both indexes.
 */
const api = (name: string, method: string, extra: Params = {}): Params => ({ api: `SYNO.PhotoStation.${name}`, method, version: 1, ...extra });
const ALICE = '/~alice/photo/webapi/entry.cgi';
const FINISHED = new Set(['done', 'cancelled', 'rejected', 'failed']);

const row = (lib: Library, album: string, name: string) => {
  const a = lib.albums.byPath(album);
  return a && lib.items.get(a.id, name);
};
const content = (i: number) => `cross-space task item ${i} ${'.'.repeat(i % 7)}\n`;
const name = (i: number) => `p${String(i).padStart(4, '0')}.jpg`;

interface World {
  s: TestServer;
  admin: string;
  alice: string;
  home: string;
  shared: string;
  lib(space: string): Promise<Library>;
}

/** A server with alice, her library holding Trip/p0000.jpg ... (n files, each titled `t<i>`), and a shared album Inbox where she may upload. */
async function world(n: number): Promise<World> {
  const s = await startServer({});
  const admin = await s.login('admin', ADMIN_PASSWORD);
  expect((await s.call({ ...userApi('create', { username: 'alice', password: 'alice-pw' }), _sid: admin })).body.success).to.equal(true);
  const alice = await s.login('alice', 'alice-pw');
  const home = path.join(s.dataDir, 'home', 'alice', 'photo');
  const shared = path.join(s.dataDir, 'photo');
  mkdirSync(path.join(home, 'Trip'), { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(path.join(home, 'Trip', name(i)), content(i));
  mkdirSync(path.join(shared, 'Inbox'), { recursive: true });
  await s.station.services.scanner.run().structured;
  const lib = async (space: string) => (await s.station.services.spaces.resolve(space)).library;
  const mine = await lib('alice');
  // Opening alice's library scanned her files; each gets a title that must travel.
  for (let i = 0; i < n; i++) mine.db.prepare('UPDATE items SET title = ? WHERE name = ?').run(`t${i}`, name(i));
  const grant = await s.call({ ...api('Permission', 'edit', { id: albumId('Inbox'), username: 'alice', browse: true, upload: true, manage: false }), _sid: admin });
  expect(grant.body.success).to.equal(true);
  return { s, admin, alice, home, shared, lib };
}

async function status(w: World, taskid: string, sid: string, at?: string) {
  const res = await w.s.call({ ...api('BackgroundTask', 'status', { taskid, limit: '5000' }), _sid: sid }, at ? { path: at } : undefined);
  expect(res.body.success, JSON.stringify(res.body)).to.equal(true);
  return res.body.data as { task: { status: string; total: number; processed: number }; items: { id: string; status: number; new_id: string | null }[] };
}

async function waitFor(w: World, taskid: string, sid: string, at: string | undefined, until: (t: { status: string; processed: number }) => boolean) {
  const end = Date.now() + 60_000;
  for (;;) {
    const d = await status(w, taskid, sid, at);
    if (until(d.task)) return d;
    if (Date.now() > end) throw new Error(`task ${taskid} still ${d.task.status}: ${JSON.stringify(d.task)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const moveAll = (n: number, dest = 'Inbox') => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [itemId('Trip', name(i), 'photo'), albumId(dest)])));

/** Every file i is whole on exactly one side, with its row (and title) in exactly that side's index. */
async function wholeOnOneSide(w: World, n: number): Promise<{ moved: number }> {
  const shared = await w.lib('-');
  const mine = await w.lib('alice');
  let moved = 0;
  for (let i = 0; i < n; i++) {
    const there = existsSync(path.join(w.shared, 'Inbox', name(i)));
    const here = existsSync(path.join(w.home, 'Trip', name(i)));
    expect(there !== here, `${name(i)} on exactly one side`).to.equal(true);
    const file = there ? path.join(w.shared, 'Inbox', name(i)) : path.join(w.home, 'Trip', name(i));
    expect(readFileSync(file, 'utf8')).to.equal(content(i));
    expect(row(shared, 'Inbox', name(i))?.title, `${name(i)} in the shared index`).to.equal(there ? `t${i}` : undefined);
    expect(row(mine, 'Trip', name(i))?.title, `${name(i)} in alice's index`).to.equal(here ? `t${i}` : undefined);
    if (there) moved++;
  }
  for (const dir of [path.join(w.shared, 'Inbox'), path.join(w.home, 'Trip')]) expect(readdirSync(dir).filter((f) => f.startsWith('.'))).to.deep.equal([]);
  for (const lib of [shared, mine]) expect(lib.db.prepare('SELECT count(*) FROM journal').pluck().get()).to.equal(0);
  return { moved };
}

describe('a Batch task between spaces', () => {
  describe('async move from a personal library into the shared one', () => {
    const N = 40;
    let w: World;
    let taskid: string;
    before(async () => {
      w = await world(N);
      const res = await w.s.call({ ...api('Batch', 'move', { to_space: '-', async: true, move_operations: moveAll(N) }), _sid: w.alice }, { path: ALICE });
      expect(res.body.success, JSON.stringify(res.body)).to.equal(true);
      taskid = res.body.data.taskid;
    });
    after(async () => w.s.close());

    it('answers a taskid at once, followed in the space the call was made in, and ends done with every unit 204', async () => {
      expect(taskid).to.be.a('string');
      const d = await waitFor(w, taskid, w.alice, ALICE, (t) => FINISHED.has(t.status));
      expect(d.task).to.include({ status: 'done', total: N, processed: N });
      expect(d.items.map((it) => it.status)).to.deep.equal(Array(N).fill(204));
      expect(d.items[3]).to.include({ new_id: itemId('Inbox', name(3), 'photo') });
    });

    it('moved every file with its row and title; the source index forgets them, no intent or temporary is left', async () => {
      expect((await wholeOnOneSide(w, N)).moved).to.equal(N);
    });
  });

  describe('async copy of a selection from the shared library into a personal one', () => {
    let w: World;
    after(async () => w.s.close());

    it('reads the selection in the source space; the task is held by the space the call was made in', async () => {
      w = await world(0);
      for (let i = 0; i < 5; i++) writeFileSync(path.join(w.shared, 'Inbox', name(i)), content(i));
      await w.s.station.services.scanner.run().structured;
      const res = await w.s.call({
        ...api('Batch', 'copy', { from_space: '-', to_space: 'alice', selection: JSON.stringify([{ children: albumId('Inbox') }]), to: albumId('Trip') }),
        _sid: w.alice,
      });
      expect(res.body.success, JSON.stringify(res.body)).to.equal(true);
      const d = await waitFor(w, res.body.data.taskid, w.alice, undefined, (t) => FINISHED.has(t.status));
      expect(d.task).to.include({ status: 'done', total: 5 });
      const shared = await w.lib('-');
      const mine = await w.lib('alice');
      for (let i = 0; i < 5; i++) {
        expect(readFileSync(path.join(w.home, 'Trip', name(i)), 'utf8')).to.equal(content(i));
        expect(readFileSync(path.join(w.shared, 'Inbox', name(i)), 'utf8')).to.equal(content(i));
        const copy = row(mine, 'Trip', name(i));
        expect(copy?.uid)
          .to.be.a('string')
          .and.not.equal(row(shared, 'Inbox', name(i))?.uid);
      }
    });

    it('refuses a bad selection (601) before a task exists', async () => {
      const res = await w.s.call({ ...api('Batch', 'copy', { from_space: '-', to_space: 'alice', selection: '{"children":1}', to: albumId('Trip') }), _sid: w.alice });
      expect(res.body).to.deep.equal({ success: false, error: { code: 601 } });
    });
  });

  describe('stopped in the middle', () => {
    const N = 300;
    let w: World;
    after(async () => w.s.close());

    it('stops before its next unit: cancelled, every item whole on exactly one side, in that side’s index', async () => {
      w = await world(N);
      const res = await w.s.call({ ...api('Batch', 'move', { to_space: '-', async: true, move_operations: moveAll(N) }), _sid: w.alice }, { path: ALICE });
      const taskid = res.body.data.taskid as string;
      await waitFor(w, taskid, w.alice, ALICE, (t) => t.processed >= 5);
      const stop = await w.s.call({ ...api('BackgroundTask', 'stop', { taskid }), _sid: w.alice }, { path: ALICE });
      expect(stop.body.success).to.equal(true);
      const d = await waitFor(w, taskid, w.alice, ALICE, (t) => FINISHED.has(t.status));
      expect(d.task.status).to.equal('cancelled');
      expect(d.task.processed).to.be.within(5, N - 1);
      const { moved } = await wholeOnOneSide(w, N);
      expect(moved).to.equal(d.task.processed);
    });
  });

  describe('interrupted by a restart', () => {
    const N = 200;
    let w: World;
    after(async () => w.s.close());

    it('resumes at the next start from its first unit without a result, and ends done', async function () {
      this.timeout(90_000);
      w = await world(N);
      const res = await w.s.call({ ...api('Batch', 'move', { to_space: '-', async: true, move_operations: moveAll(N) }), _sid: w.alice }, { path: ALICE });
      const taskid = res.body.data.taskid as string;
      await waitFor(w, taskid, w.alice, ALICE, (t) => t.processed >= 3);
      await w.s.restart();
      const alice = await w.s.login('alice', 'alice-pw');
      // The task lives in alice's index: reaching her library opens it, and its runner resumes the task.
      const d = await waitFor(w, taskid, alice, ALICE, (t) => FINISHED.has(t.status));
      expect(d.task).to.include({ status: 'done', total: N, processed: N });
      expect(d.items.every((it) => it.status === 204)).to.equal(true);
      expect((await wholeOnOneSide(w, N)).moved).to.equal(N);
    });
  });

  describe('recovery of a task unit interrupted after its disk step', () => {
    let w: World;
    after(async () => w.s.close());

    it('finishes the unit and records its result in the task, which then does not run it again', async () => {
      w = await world(2);
      const mine = await w.lib('alice');
      const userId = mine.db.prepare("SELECT id FROM users WHERE username = 'alice'").pluck().get() as number;
      // A task of two units, as a SIGKILL after the first unit's rename leaves it: intent with its receipt, the file moved, nothing committed.
      mine.db
        .prepare(
          "INSERT INTO tasks (taskid, api, method, user_id, status, resolved, total, spec, created_on, updated_on) VALUES ('t1', 'SYNO.PhotoStation.Batch', 'move', ?, 'processing', 1, 2, ?, 0, 0)",
        )
        .run(userId, JSON.stringify({ form: 'units', across: { from: 'alice', to: '-' } }));
      const task = mine.db.prepare("SELECT id FROM tasks WHERE taskid = 't1'").pluck().get() as number;
      for (const i of [0, 1]) {
        mine.db.prepare('INSERT INTO task_units (task_id, seq, source, dest) VALUES (?, ?, ?, ?)').run(task, i + 1, itemId('Trip', name(i), 'photo'), albumId('Inbox'));
      }
      const a = row(mine, 'Trip', name(0))!;
      const result = { status: 204, new_id: itemId('Inbox', name(0), 'photo'), path: `Inbox/${name(0)}`, reason: undefined };
      const data = {
        space: '-',
        uid: a.uid,
        item: { ...a, id: undefined, album_id: undefined, name: undefined },
        extras: undefined,
        receipt: { host: 'from', task, seq: 1, result },
      };
      mine.db.prepare("INSERT INTO journal (kind, src, dst, data, created_at) VALUES ('space-move', ?, ?, ?, 0)").run(`Trip/${name(0)}`, `Inbox/${name(0)}`, JSON.stringify(data));
      writeFileSync(path.join(w.shared, 'Inbox', name(0)), readFileSync(path.join(w.home, 'Trip', name(0))));
      // A rename, as on one file system: the source is gone.
      rmSync(path.join(w.home, 'Trip', name(0)));
      await w.s.restart();
      const alice = await w.s.login('alice', 'alice-pw');
      const d = await waitFor(w, 't1', alice, ALICE, (t) => FINISHED.has(t.status));
      expect(d.task).to.include({ status: 'done', processed: 2 });
      expect(d.items.map((it) => it.status)).to.deep.equal([204, 204]);
      expect(row(await w.lib('-'), 'Inbox', name(0))).to.include({ uid: a.uid, title: 't0' });
      expect((await wholeOnOneSide(w, 2)).moved).to.equal(2);
    });
  });
});

describe('overwrite between spaces', () => {
  let w: World;
  before(async () => {
    w = await world(1);
    writeFileSync(path.join(w.shared, 'Inbox', name(0)), 'the old one\n');
    await w.s.station.services.scanner.run().structured;
    (await w.lib('-')).db.prepare('UPDATE items SET title = ? WHERE name = ?').run('old title', name(0));
  });
  after(async () => w.s.close());

  const move = async (): Promise<number> => {
    const res = await w.s.call({ ...api('Batch', 'move', { to_space: '-', duplicate: 'overwrite', move_operations: moveAll(1) }), _sid: w.alice }, { path: ALICE });
    expect(res.body.success, JSON.stringify(res.body)).to.equal(true);
    return res.body.data.items[0].status as number;
  };

  it('is refused (403) without manage on the destination, and nothing moves', async () => {
    expect(await move()).to.equal(403);
    expect(readFileSync(path.join(w.shared, 'Inbox', name(0)), 'utf8')).to.equal('the old one\n');
    expect(existsSync(path.join(w.home, 'Trip', name(0)))).to.equal(true);
  });

  it('with manage there, replaces the file; the old one goes to the target space’s trash with its row, and comes back from it', async () => {
    await w.s.call({ ...api('Permission', 'edit', { id: albumId('Inbox'), username: 'alice', browse: true, upload: true, manage: true }), _sid: w.admin });
    expect(await move()).to.equal(204);
    expect(readFileSync(path.join(w.shared, 'Inbox', name(0)), 'utf8')).to.equal(content(0));
    expect(existsSync(path.join(w.home, 'Trip', name(0)))).to.equal(false);
    const shared = await w.lib('-');
    expect(row(shared, 'Inbox', name(0))).to.include({ title: 't0' });
    const list = await w.s.call({ ...api('Trash', 'list'), _sid: w.admin });
    const entry = list.body.data.items.find((e: { path: string }) => e.path === `Inbox/${name(0)}`);
    expect(entry).to.include({ reason: 'overwrite' });
    expect((await w.lib('alice')).db.prepare('SELECT count(*) FROM trash').pluck().get()).to.equal(0);
    const restored = await w.s.call({ ...api('Trash', 'restore', { id: String(entry.id) }), _sid: w.admin });
    expect(restored.body.success, JSON.stringify(restored.body)).to.equal(true);
    expect(readFileSync(path.join(w.shared, 'Inbox', 'p0000 (1).jpg'), 'utf8')).to.equal('the old one\n');
    expect(row(shared, 'Inbox', 'p0000 (1).jpg')).to.include({ title: 'old title' });
  });
});
