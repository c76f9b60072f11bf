import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { albumId } from '../../src/library/ids.ts';
import type { Library } from '../../src/library/library.ts';
import { ADMIN_PASSWORD, startServer, userApi } from '../helpers/server.ts';
import type { Params, TestServer } from '../helpers/server.ts';
import { tmpfsOrSkip } from '../helpers/tmpfs.ts';

/**
 * Albums between spaces (SPEC §18): Batch move and copy of a folder with its sub-albums, items
 * and metadata, checked on both disks and in both indexes. One file system: a move is one
 * rename of the folder and the rows move between the indexes; a copy (and a move across file
 * systems) goes item by item.
 */
const api = (name: string, method: string, extra: Params = {}): Params => ({ api: `SYNO.PhotoStation.${name}`, method, version: 1, ...extra });
const ALICE = '/~alice/photo/webapi/entry.cgi';
const FILES = ['Trip/a.jpg', 'Trip/b.jpg', 'Trip/Day1/c.jpg', 'Trip/Day1/Noon/d.mp4'];
const content = (f: string) => `album crossing ${f}\n`;

interface World {
  s: TestServer;
  admin: string;
  alice: string;
  home: string;
  shared: string;
  lib(space: string): Promise<Library>;
}

const itemRow = (lib: Library, rel: string) => {
  const a = lib.albums.byPath(path.posix.dirname(rel));
  return a && lib.items.get(a.id, path.posix.basename(rel));
};

/** alice's library holds Trip (two levels of sub-albums, titled items, a titled album); the shared Inbox takes her uploads. */
async function world(dataDir?: string): Promise<World> {
  const s = await startServer({}, dataDir);
  const admin = await s.login('admin', ADMIN_PASSWORD);
  expect((await s.call({ ...userApi('create', { username: 'alice', password: 'alice-pw' }), _sid: admin })).body.success).to.equal(true);
  const alice = await s.login('alice', 'alice-pw');
  const home = path.join(s.dataDir, 'home', 'alice', 'photo');
  const shared = path.join(s.dataDir, 'photo');
  for (const f of FILES) {
    mkdirSync(path.dirname(path.join(home, f)), { recursive: true });
    writeFileSync(path.join(home, f), content(f));
  }
  mkdirSync(path.join(shared, 'Inbox'), { recursive: true });
  await s.station.services.scanner.run().structured;
  const lib = async (space: string) => (await s.station.services.spaces.resolve(space)).library;
  const mine = await lib('alice');
  for (const f of FILES) mine.db.prepare('UPDATE items SET title = ? WHERE id = ?').run(`title of ${f}`, itemRow(mine, f)!.id);
  mine.albums.update(mine.albums.byPath('Trip/Day1')!.id, { title: 'The first day' });
  const grant = await s.call({ ...api('Permission', 'edit', { id: albumId('Inbox'), username: 'alice', browse: true, upload: true, manage: false }), _sid: admin });
  expect(grant.body.success).to.equal(true);
  return { s, admin, alice, home, shared, lib };
}

/** Every file of Trip under `root/top` with its bytes, and its row (title, uid) in `lib` under `top`. */
function arrived(lib: Library, root: string, top: string, uids?: Map<string, string | null | undefined>): void {
  for (const f of FILES) {
    const rel = f.replace(/^Trip/, top);
    expect(readFileSync(path.join(root, rel), 'utf8'), rel).to.equal(content(f));
    const row = itemRow(lib, rel);
    expect(row, rel).to.include({ title: `title of ${f}` });
    if (uids) expect(row?.uid, rel).to.equal(uids.get(f));
  }
  expect(lib.albums.byPath(`${top}/Day1`)).to.include({ title: 'The first day' });
}

function uidsOf(lib: Library): Map<string, string | null | undefined> {
  return new Map(FILES.map((f) => [f, itemRow(lib, f)!.uid]));
}

const journal = (lib: Library) => lib.db.prepare('SELECT count(*) FROM journal').pluck().get();

describe('albums between spaces', () => {
  describe('a move on one file system', () => {
    let w: World;
    before(async () => (w = await world()));
    after(async () => w.s.close());

    it('moves the folder whole, rows and uids into the target index, and leaves none in the source', async () => {
      const mine = await w.lib('alice');
      const uids = uidsOf(mine);
      const albumUid = mine.albums.byPath('Trip')!.uid;
      const res = await w.s.call(
        { ...api('Batch', 'move', { to_space: '-', move_operations: JSON.stringify({ [albumId('Trip')]: albumId('Inbox') }) }), _sid: w.alice },
        { path: ALICE },
      );
      expect(res.body.data.items[0], JSON.stringify(res.body)).to.include({ status: 204, new_id: albumId('Inbox/Trip') });
      expect(existsSync(path.join(w.home, 'Trip'))).to.equal(false);
      const shared = await w.lib('-');
      arrived(shared, w.shared, 'Inbox/Trip', uids);
      expect(shared.albums.byPath('Inbox/Trip')?.uid).to.equal(albumUid);
      expect(mine.albums.byPath('Trip')).to.equal(undefined);
      expect(mine.db.prepare('SELECT count(*) FROM items').pluck().get()).to.equal(0);
      expect(journal(mine)).to.equal(0);
    });

    it('refuses an album whose name is taken, unless `rename`', async () => {
      mkdirSync(path.join(w.home, 'Trip'), { recursive: true });
      writeFileSync(path.join(w.home, 'Trip', 'z.jpg'), 'z');
      await (await w.s.station.services.spaces.resolve('alice')).scanner.run().structured;
      const ops = JSON.stringify({ [albumId('Trip')]: albumId('Inbox') });
      const ask = await w.s.call({ ...api('Batch', 'move', { to_space: '-', duplicate: 'overwrite', move_operations: ops }), _sid: w.alice }, { path: ALICE });
      expect(ask.body.data.items[0].status).to.equal(409);
      expect(existsSync(path.join(w.home, 'Trip', 'z.jpg'))).to.equal(true);
      const renamed = await w.s.call({ ...api('Batch', 'move', { to_space: '-', move_operations: ops }), _sid: w.alice }, { path: ALICE });
      expect(renamed.body.data.items[0]).to.include({ status: 200, new_id: albumId('Inbox/Trip (1)') });
      expect(readFileSync(path.join(w.shared, 'Inbox', 'Trip (1)', 'z.jpg'), 'utf8')).to.equal('z');
    });

    it('refuses moving a shared album out without manage on it (rights on the source side)', async () => {
      const res = await w.s.call({
        ...api('Batch', 'move', { from_space: '-', to_space: 'alice', move_operations: JSON.stringify({ [albumId('Inbox/Trip')]: albumId('') }) }),
        _sid: w.alice,
      });
      expect(res.body.data.items[0].status).to.equal(403);
      expect(existsSync(path.join(w.shared, 'Inbox', 'Trip', 'a.jpg'))).to.equal(true);
    });
  });

  describe('a copy', () => {
    let w: World;
    before(async () => (w = await world()));
    after(async () => w.s.close());

    it('copies item by item: the source stays, the copy has every file, title and album title, under new uids', async () => {
      const mine = await w.lib('alice');
      const uids = uidsOf(mine);
      const res = await w.s.call(
        { ...api('Batch', 'copy', { to_space: '-', move_operations: JSON.stringify({ [albumId('Trip')]: albumId('Inbox') }) }), _sid: w.alice },
        { path: ALICE },
      );
      expect(res.body.data.items[0], JSON.stringify(res.body)).to.include({ status: 204 });
      const shared = await w.lib('-');
      arrived(shared, w.shared, 'Inbox/Trip');
      arrived(mine, w.home, 'Trip', uids);
      for (const f of FILES) expect(itemRow(shared, f.replace(/^Trip/, 'Inbox/Trip'))?.uid).to.not.equal(uids.get(f));
      expect(journal(mine)).to.equal(0);
    });

    it('runs as a task (async) and ends done, under a free name', async () => {
      const res = await w.s.call(
        { ...api('Batch', 'copy', { to_space: '-', async: true, move_operations: JSON.stringify({ [albumId('Trip')]: albumId('Inbox') }) }), _sid: w.alice },
        { path: ALICE },
      );
      const taskid = res.body.data.taskid as string;
      let task: { status: string; items: { status: number }[] } | undefined;
      for (let i = 0; i < 500; i++) {
        const st = await w.s.call({ ...api('BackgroundTask', 'status', { taskid }), _sid: w.alice }, { path: ALICE });
        if (['done', 'failed', 'cancelled'].includes(st.body.data.task.status)) {
          task = { status: st.body.data.task.status, items: st.body.data.items };
          break;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(task?.status).to.equal('done');
      // Inbox/Trip is taken by the first copy: `rename`, the default.
      expect(task?.items[0]).to.include({ status: 200, new_id: albumId('Inbox/Trip (1)') });
      arrived(await w.lib('-'), w.shared, 'Inbox/Trip (1)');
    });
  });

  describe('recovery of an album move interrupted after its rename', () => {
    let w: World;
    after(async () => w.s.close());

    it('finishes it at the next start: the rows arrive with their uids and titles, the source index forgets them', async () => {
      w = await world();
      const mine = await w.lib('alice');
      const uids = uidsOf(mine);
      // The state a SIGKILL after the rename leaves: the intent journaled, the folder moved, no row copied.
      mine.db.prepare("INSERT INTO journal (kind, src, dst, data, created_at) VALUES ('space-album-move', 'Trip', 'Inbox/Trip', ?, 0)").run(JSON.stringify({ space: '-' }));
      renameSync(path.join(w.home, 'Trip'), path.join(w.shared, 'Inbox', 'Trip'));
      await w.s.restart();
      arrived(await w.lib('-'), w.shared, 'Inbox/Trip', uids);
      const after = await w.lib('alice');
      expect(after.albums.byPath('Trip')).to.equal(undefined);
      expect(journal(after)).to.equal(0);
    });
  });
});

describe('an album move between spaces on two file systems (a tmpfs mount)', function () {
  let w: World | undefined;
  let mounted: string | undefined;
  let dataDir: string | undefined;
  after(async () => {
    await w?.s.close();
    if (mounted) execFileSync('umount', [mounted]);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('moves item by item (copy, fsync, rename, delete), then removes the emptied source folders', async function () {
    dataDir = mkdtempSync(path.join(tmpdir(), 'ps-xfs-album-'));
    const homeDir = path.join(dataDir, 'home');
    tmpfsOrSkip(this, homeDir);
    mounted = homeDir;
    w = await world(dataDir);
    expect(statSync(w.home).dev).to.not.equal(statSync(w.shared).dev);
    const mine = await w.lib('alice');
    const uids = uidsOf(mine);
    const res = await w.s.call(
      { ...api('Batch', 'move', { to_space: '-', move_operations: JSON.stringify({ [albumId('Trip')]: albumId('Inbox') }) }), _sid: w.alice },
      { path: ALICE },
    );
    expect(res.body.data.items[0], JSON.stringify(res.body)).to.include({ status: 204 });
    arrived(await w.lib('-'), w.shared, 'Inbox/Trip', uids);
    expect(existsSync(path.join(w.home, 'Trip'))).to.equal(false);
    expect(mine.albums.byPath('Trip')).to.equal(undefined);
    expect(journal(mine)).to.equal(0);
  });
});
