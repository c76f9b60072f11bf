import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { albumId, itemId } from '../../src/library/ids.ts';
import type { Library } from '../../src/library/library.ts';
import { picture } from '../helpers/pictures.ts';
import { ADMIN_PASSWORD, startServer, userApi } from '../helpers/server.ts';
import type { Params, TestServer } from '../helpers/server.ts';
import { tmpfsOrSkip } from '../helpers/tmpfs.ts';

const api = (name: string, method: string, extra: Params = {}): Params => ({ api: `SYNO.PhotoStation.${name}`, method, version: 1, ...extra });
const ALICE = '/~alice/photo/webapi/entry.cgi';

interface World {
  s: TestServer;
  admin: string;
  alice: string;
  bob: string;
  home: string;
  shared: string;
  lib(space: string): Promise<Library>;
}

/** A server with alice (her library holding Trip/a.jpg and Trip/b.jpg) and bob; a shared album Inbox where alice may upload. */
async function world(beforeStart?: (dataDir: string) => void, dataDir?: string): Promise<World> {
  const s = await startServer({}, dataDir);
  beforeStart?.(s.dataDir);
  const admin = await s.login('admin', ADMIN_PASSWORD);
  for (const u of ['alice', 'bob']) await s.call({ ...userApi('create', { username: u, password: `${u}-pw` }), _sid: admin });
  const alice = await s.login('alice', 'alice-pw');
  const bob = await s.login('bob', 'bob-pw');
  const home = path.join(s.dataDir, 'home', 'alice', 'photo');
  const shared = path.join(s.dataDir, 'photo');
  mkdirSync(path.join(home, 'Trip'), { recursive: true });
  writeFileSync(path.join(home, 'Trip', 'a.jpg'), await picture(10, 64, 48));
  writeFileSync(path.join(home, 'Trip', 'b.jpg'), await picture(11, 64, 48));
  mkdirSync(path.join(shared, 'Inbox'), { recursive: true });
  mkdirSync(path.join(shared, 'Common'), { recursive: true });
  writeFileSync(path.join(shared, 'Common', 'c.jpg'), await picture(12, 64, 48));
  await s.station.services.scanner.run().structured;
  for (const album of ['Inbox', 'Common']) {
    const res = await s.call({ ...api('Permission', 'edit', { id: albumId(album), username: 'alice', browse: true, upload: true, manage: false }), _sid: admin });
    expect(res.body.success).to.equal(true);
  }
  const lib = async (space: string) => (await s.station.services.spaces.resolve(space)).library;
  return { s, admin, alice, bob, home, shared, lib };
}

const row = (lib: Library, album: string, name: string) => {
  const a = lib.albums.byPath(album);
  return a && lib.items.get(a.id, name);
};

describe('moves and copies between spaces', () => {
  let w: World;
  let uid: string;
  let bytes: Buffer;

  before(async () => {
    w = await world();
    const { s, alice } = w;
    // Metadata that must travel: title, rating (Photo.edit), a comment, a tag.
    expect((await s.call({ ...api('Photo', 'edit', { id: itemId('Trip', 'a.jpg', 'photo'), title: 'sunset', rating: 5 }), _sid: alice }, { path: ALICE })).body.success).to.equal(
      true,
    );
    expect((await s.call({ ...api('Album', 'edit', { id: albumId('Trip'), allow_comment: true }), _sid: alice }, { path: ALICE })).body.success).to.equal(true);
    expect(
      (await s.call({ ...api('Comment', 'create', { id: itemId('Trip', 'a.jpg', 'photo'), comment: 'nice one', name: 'alice' }), _sid: alice }, { path: ALICE })).body.success,
    ).to.equal(true);
    const lib = await w.lib('alice');
    const a = row(lib, 'Trip', 'a.jpg')!;
    lib.tags.restore(
      a.id,
      [{ type: 'desc', name: 'beach', lat: null, lng: null, address: '', place_id: '', x: null, y: null, width: null, height: null, confirmed: 1 }],
      Date.now(),
    );
    uid = a.uid as string;
    bytes = readFileSync(path.join(w.home, 'Trip', 'a.jpg'));
  });
  after(async () => w.s.close());

  describe('Batch move from a personal library into the shared one', () => {
    let res: { body: { success: boolean; data: { status: number; items: { id: string; status: number; new_id: string }[] } } };
    before(async () => {
      res = await w.s.call(
        { ...api('Batch', 'move', { to_space: '-', move_operations: JSON.stringify({ [itemId('Trip', 'a.jpg', 'photo')]: albumId('Inbox') }) }), _sid: w.alice },
        { path: ALICE },
      );
    });

    it('answers the new id', () => {
      expect(res.body.success).to.equal(true);
      expect(res.body.data.status).to.equal(200);
      expect(res.body.data.items[0]).to.include({ status: 204, new_id: itemId('Inbox', 'a.jpg', 'photo') });
    });

    it('moves the file: gone from the personal root, the same bytes in the shared one', () => {
      expect(existsSync(path.join(w.home, 'Trip', 'a.jpg'))).to.equal(false);
      expect(readFileSync(path.join(w.shared, 'Inbox', 'a.jpg'))).to.deep.equal(bytes);
    });

    it('moves the row with its uid, title, rating, comment and tag; the source index forgets it', async () => {
      const shared = await w.lib('-');
      const moved = row(shared, 'Inbox', 'a.jpg')!;
      expect(moved).to.include({ uid, title: 'sunset', rating: 5 });
      expect(shared.comments.save(moved.id)?.map((c) => c.comment)).to.deep.equal(['nice one']);
      expect(shared.tags.save(moved.id)?.map((t) => t.name)).to.deep.equal(['beach']);
      expect(row(await w.lib('alice'), 'Trip', 'a.jpg')).to.equal(undefined);
      expect((await w.lib('alice')).db.prepare('SELECT count(*) FROM journal').pluck().get()).to.equal(0);
    });
  });

  describe('Batch copy from the shared library into a personal one', () => {
    it('copies the file and its row under a new uid; the source stays', async () => {
      const source = row(await w.lib('-'), 'Common', 'c.jpg')!;
      const res = await w.s.call({
        ...api('Batch', 'copy', { from_space: '-', to_space: 'alice', move_operations: JSON.stringify({ [itemId('Common', 'c.jpg', 'photo')]: albumId('Trip') }) }),
        _sid: w.alice,
      });
      expect(res.body.data.items[0]).to.include({ status: 204, new_id: itemId('Trip', 'c.jpg', 'photo') });
      expect(readFileSync(path.join(w.home, 'Trip', 'c.jpg'))).to.deep.equal(readFileSync(path.join(w.shared, 'Common', 'c.jpg')));
      const copy = row(await w.lib('alice'), 'Trip', 'c.jpg')!;
      expect(copy.uid).to.be.a('string').and.not.equal(source.uid);
      expect(row(await w.lib('-'), 'Common', 'c.jpg')).to.include({ uid: source.uid });
    });
  });

  describe('rights on both sides', () => {
    it('refuses bob moving from alice’s library (no manage there): nothing moves', async () => {
      const res = await w.s.call({
        ...api('Batch', 'move', { from_space: 'alice', to_space: 'bob', move_operations: JSON.stringify({ [itemId('Trip', 'b.jpg', 'photo')]: albumId('') }) }),
        _sid: w.bob,
      });
      expect(res.body.data.items[0].status).to.equal(403);
      expect(existsSync(path.join(w.home, 'Trip', 'b.jpg'))).to.equal(true);
    });

    it('refuses alice moving into a shared album where she may not upload: nothing moves', async () => {
      mkdirSync(path.join(w.shared, 'Closed'), { recursive: true });
      await w.s.station.services.scanner.run().structured;
      const res = await w.s.call(
        { ...api('Batch', 'move', { to_space: '-', move_operations: JSON.stringify({ [itemId('Trip', 'b.jpg', 'photo')]: albumId('Closed') }) }), _sid: w.alice },
        { path: ALICE },
      );
      expect(res.body.data.items[0].status).to.equal(403);
      expect(existsSync(path.join(w.home, 'Trip', 'b.jpg'))).to.equal(true);
      expect(existsSync(path.join(w.shared, 'Closed', 'b.jpg'))).to.equal(false);
    });

    it('does not carry the owner’s rights of her library into the other space named by from_space/to_space', async () => {
      // At her library's path alice administers it; in the shared library she has no manage on Common.
      const res = await w.s.call(
        { ...api('Batch', 'move', { from_space: '-', to_space: '-', move_operations: JSON.stringify({ [itemId('Common', 'c.jpg', 'photo')]: albumId('Inbox') }) }), _sid: w.alice },
        { path: ALICE },
      );
      expect(res.body.data.items[0].status).to.equal(403);
      expect(existsSync(path.join(w.shared, 'Common', 'c.jpg'))).to.equal(true);
    });

    it('answers 600 for a space that is not served', async () => {
      const res = await w.s.call(
        { ...api('Batch', 'move', { to_space: 'nobody', move_operations: JSON.stringify({ [itemId('Trip', 'b.jpg', 'photo')]: albumId('') }) }), _sid: w.alice },
        { path: ALICE },
      );
      expect(res.body).to.deep.equal({ success: false, error: { code: 600 } });
    });
  });

  describe('the seed-004 route with fromSpaceId', () => {
    it('moves a file from alice’s library into the shared one, renaming on a clash', async () => {
      writeFileSync(path.join(w.shared, 'Inbox', 'b.jpg'), 'occupied');
      await w.s.station.services.scanner.run().structured;
      const before = readFileSync(path.join(w.home, 'Trip', 'b.jpg'));
      const res = await fetch(`${w.s.url}/api/v1/batch/main/-?move`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-SYNO-TOKEN': w.alice },
        body: JSON.stringify([{ from: 'Trip/b.jpg', to: 'Inbox/b.jpg', fromSpaceId: 'alice' }]),
      });
      expect(res.status).to.equal(200);
      const body = (await res.json()) as { result: { status: number; path?: string[] }[] };
      expect(body.result[0]).to.deep.include({ status: 200, path: ['Inbox', 'b (1).jpg'] });
      expect(readFileSync(path.join(w.shared, 'Inbox', 'b (1).jpg'))).to.deep.equal(before);
      expect(readFileSync(path.join(w.shared, 'Inbox', 'b.jpg'), 'utf8')).to.equal('occupied');
      expect(existsSync(path.join(w.home, 'Trip', 'b.jpg'))).to.equal(false);
    });

    it('answers 404 for a fromSpaceId that is not served', async () => {
      const res = await fetch(`${w.s.url}/api/v1/batch/main/-?move`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-SYNO-TOKEN': w.alice },
        body: JSON.stringify([{ from: 'Trip/c.jpg', to: 'Inbox/c.jpg', fromSpaceId: 'nobody' }]),
      });
      expect(res.status).to.equal(404);
      expect(existsSync(path.join(w.home, 'Trip', 'c.jpg'))).to.equal(true);
    });
  });
});

describe('recovery of a move between spaces interrupted after its disk step', () => {
  let w: World;
  after(async () => w.s.close());

  it('finishes it at the next start: the row arrives in the target index with its metadata, the source forgets it', async () => {
    w = await world();
    const lib = await w.lib('alice');
    const a = row(lib, 'Trip', 'a.jpg')!;
    lib.db.prepare('UPDATE items SET title = ? WHERE id = ?').run('kept', a.id);
    // The state a SIGKILL after the rename leaves: the intent journaled, the file moved, no commit.
    const data = { space: '-', uid: a.uid, item: { ...a, title: 'kept', id: undefined, album_id: undefined, name: undefined }, extras: undefined };
    lib.db.prepare("INSERT INTO journal (kind, src, dst, data, created_at) VALUES ('space-move', 'Trip/a.jpg', 'Inbox/a.jpg', ?, 0)").run(JSON.stringify(data));
    renameSync(path.join(w.home, 'Trip', 'a.jpg'), path.join(w.shared, 'Inbox', 'a.jpg'));
    await w.s.restart();
    const shared = await w.lib('-');
    expect(row(shared, 'Inbox', 'a.jpg')).to.include({ uid: a.uid, title: 'kept' });
    const mine = await w.lib('alice');
    expect(row(mine, 'Trip', 'a.jpg')).to.equal(undefined);
    expect(mine.db.prepare('SELECT count(*) FROM journal').pluck().get()).to.equal(0);
    expect(w.s.logs.some((l) => l.msg === 'crossing units recovered')).to.equal(true);
  });
});

describe('a move between spaces on two file systems (a tmpfs mount)', function () {
  let w: World | undefined;
  let mounted: string | undefined;
  let dataDir: string | undefined;
  after(async () => {
    await w?.s.close();
    if (mounted) execFileSync('umount', [mounted]);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('copies, fsyncs, renames into place, then deletes the source; nothing half-written stays', async function () {
    dataDir = mkdtempSync(path.join(tmpdir(), 'ps-xfs-'));
    const homeDir = path.join(dataDir, 'home');
    tmpfsOrSkip(this, homeDir);
    mounted = homeDir;
    w = await world(undefined, dataDir);
    expect(statSync(w.home).dev).to.not.equal(statSync(w.shared).dev);
    const bytes = readFileSync(path.join(w.home, 'Trip', 'a.jpg'));
    const uid = row(await w.lib('alice'), 'Trip', 'a.jpg')!.uid;
    const res = await w.s.call(
      { ...api('Batch', 'move', { to_space: '-', move_operations: JSON.stringify({ [itemId('Trip', 'a.jpg', 'photo')]: albumId('Inbox') }) }), _sid: w.alice },
      { path: ALICE },
    );
    expect(res.body.data.items[0].status).to.equal(204);
    expect(existsSync(path.join(w.home, 'Trip', 'a.jpg'))).to.equal(false);
    expect(readFileSync(path.join(w.shared, 'Inbox', 'a.jpg'))).to.deep.equal(bytes);
    expect(row(await w.lib('-'), 'Inbox', 'a.jpg')).to.include({ uid });
    const leftovers = readdirSync(path.join(w.shared, 'Inbox')).filter((n) => n.startsWith('.ps-partial'));
    expect(leftovers).to.deep.equal([]);
  });
});
