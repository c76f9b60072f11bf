import { expect } from 'chai';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { albumId, itemId } from '../../src/library/ids.ts';
import { loadRegistry } from '../../src/webapi/registry.ts';
import { picture } from '../helpers/pictures.ts';
import { ADMIN_PASSWORD, startServer, userApi } from '../helpers/server.ts';
import type { Answer, Params, TestServer } from '../helpers/server.ts';

/**
 * Grants in a personal library (SPEC §5, §18): its owner grants a group or a user browse, upload
 * or manage on an album there with the Permission API of the shared library, the grantees then
 * reach exactly that, and anyone else still sees nothing. Users and groups are the shared index's;
 * the personal index holds the grants and a copy of the accounts it follows (accounts-copy.ts).
 */
describe('grants to groups and users in a personal library', function () {
  this.timeout(30000);
  let s: TestServer;
  let admin: string;
  const sids: Record<string, string> = {};
  const ALICE = (p = 'entry.cgi') => `/~alice/photo/webapi/${p}`;
  const TRIP = 'Trip';
  const SECRET = 'Secret';
  const tripItem = itemId(TRIP, 't.jpg', 'photo');
  const secretItem = itemId(SECRET, 'hidden.jpg', 'photo');
  const homeRoot = () => path.join(s.dataDir, 'home', 'alice', 'photo');
  const api = (name: string, method: string, extra: Params = {}): Params => ({ api: `SYNO.PhotoStation.${name}`, method, version: 1, ...extra });
  const as = (sid: string | undefined, params: Params): Params => (sid ? { ...params, _sid: sid } : params);
  /** A call into Alice's library as `who` (a user name, or undefined for a guest). */
  const inAlice = (who: string | undefined, params: Params): Promise<Answer> => s.call(as(who === undefined ? undefined : sids[who], params), { path: ALICE() });
  const asAdmin = (params: Params): Promise<Answer> => s.call(as(admin, params));
  const rootNames = async (who: string | undefined): Promise<string[]> => {
    const res = await inAlice(who, api('Album', 'list', { offset: 0, limit: 100 }));
    return (res.body.data?.items ?? []).map((i: { info: { name: string } }) => i.info.name);
  };
  const grantGroup = (group: string, album: string, rights: Params) => inAlice('alice', api('Permission', 'editalbum', { id: albumId(album), group_id: group, ...rights }));
  const createGroup = async (name: string, members: string[]): Promise<string> => {
    const made = await asAdmin(api('Group', 'create', { name }));
    expect(made.body.success, made.text).to.equal(true);
    const id = made.body.data.id as string;
    expect((await asAdmin(api('Group', 'editmember', { id, add: JSON.stringify(members) }))).body.success).to.equal(true);
    return id;
  };
  const upload = async (who: string, album: string, name: string, bytes: Buffer): Promise<Answer> => {
    const form = new FormData();
    form.append('api', 'SYNO.PhotoStation.File');
    form.append('method', 'uploadphoto');
    form.append('version', '1');
    form.append('dest_folder_path', album);
    form.append('filename', name);
    form.append('_sid', sids[who] as string);
    form.append('original', new Blob([new Uint8Array(bytes)]), name);
    return s.request(ALICE('file.php'), { method: 'POST', body: form });
  };
  let friends: string;

  before(async () => {
    s = await startServer();
    admin = await s.login('admin', ADMIN_PASSWORD);
    for (const u of ['alice', 'bob', 'carol', 'dave']) {
      expect((await s.call({ ...userApi('create', { username: u, password: `${u}-pw` }), _sid: admin })).body.success).to.equal(true);
      sids[u] = await s.login(u, `${u}-pw`);
    }
    for (const [album, name, seed] of [
      [TRIP, 't.jpg', 1],
      [SECRET, 'hidden.jpg', 2],
    ] as const) {
      mkdirSync(path.join(homeRoot(), album), { recursive: true });
      writeFileSync(path.join(homeRoot(), album, name), await picture(seed, 64, 48));
    }
    friends = await createGroup('friends', ['bob']);
  });
  after(async () => s.close());

  it('lets the owner see the shared groups there and grant one browse on an album', async () => {
    const before = await inAlice('alice', api('Permission', 'getalbum', { id: albumId(TRIP) }));
    expect(before.body.data.groups).to.deep.equal([{ id: friends, name: 'friends', browse: false, upload: false, manage: false }]);
    expect((await grantGroup(friends, TRIP, { browse: true })).body).to.deep.equal({ success: true });
    const after = await inAlice('alice', api('Permission', 'getalbum', { id: albumId(TRIP) }));
    expect(after.body.data.groups[0]).to.include({ id: friends, browse: true, upload: false });
    const bob = after.body.data.users.find((u: { username: string }) => u.username === 'bob');
    expect(bob, 'a member holds what the group is granted').to.include({ browse: true, upload: false, manage: false });
    // The grant is the personal index's; the shared one has none.
    const personal = (await s.station.services.spaces.resolve('alice')).db;
    expect(personal.prepare('SELECT count(*) FROM group_rights').pluck().get()).to.equal(1);
    expect(s.station.services.db.prepare('SELECT count(*) FROM group_rights').pluck().get()).to.equal(0);
  });

  it('shows a member that album and its photo, and nothing else of the library', async () => {
    expect(await rootNames('bob')).to.deep.equal([TRIP]);
    const info = await inAlice('bob', api('Photo', 'getinfo', { id: tripItem }));
    expect(info.body.success, info.text).to.equal(true);
    const orig = await fetch(
      `${s.url}${ALICE('download.php')}?${new URLSearchParams({ api: 'SYNO.PhotoStation.Download', method: 'getphoto', version: '1', id: tripItem, _sid: sids.bob as string })}`,
    );
    expect(orig.headers.get('content-type')).to.equal('image/jpeg');
    expect(Buffer.from(await orig.arrayBuffer()).equals(readFileSync(path.join(homeRoot(), TRIP, 't.jpg')))).to.equal(true);
    expect((await inAlice('bob', api('Photo', 'getinfo', { id: secretItem }))).body.success).to.equal(false);
  });

  it('shows someone outside the group, and a guest, nothing', async () => {
    expect(await rootNames('carol')).to.deep.equal([]);
    expect(await rootNames(undefined)).to.deep.equal([]);
    expect((await inAlice('carol', api('Photo', 'getinfo', { id: tripItem }))).body.success).to.equal(false);
  });

  it('refuses a member an upload until the group is granted upload, then stores it in the personal root', async () => {
    const bytes = await picture(7, 32, 32);
    const refused = await upload('bob', TRIP, 'from-bob.jpg', bytes);
    expect(refused.body).to.deep.equal({ success: false, error: { code: 517 } });
    expect(existsSync(path.join(homeRoot(), TRIP, 'from-bob.jpg'))).to.equal(false);
    expect((await grantGroup(friends, TRIP, { upload: true })).body.success).to.equal(true);
    const stored = await upload('bob', TRIP, 'from-bob.jpg', bytes);
    expect(stored.body, stored.text).to.deep.equal({ success: true, data: { id: itemId(TRIP, 'from-bob.jpg', 'photo') } });
    expect(readFileSync(path.join(homeRoot(), TRIP, 'from-bob.jpg')).equals(bytes)).to.equal(true);
    expect(existsSync(path.join(s.dataDir, 'photo', TRIP)), 'nothing in the shared root').to.equal(false);
    // Upload is not manage: the member cannot delete Alice's photo.
    expect((await inAlice('bob', api('Photo', 'delete', { id: tripItem }))).body.success).to.equal(false);
    expect(existsSync(path.join(homeRoot(), TRIP, 't.jpg'))).to.equal(true);
  });

  it('lets a member with manage edit there, and carol still change nothing', async () => {
    expect((await inAlice('carol', api('Photo', 'edit', { id: tripItem, title: 'carol was here' }))).body.success).to.equal(false);
    expect((await grantGroup(friends, TRIP, { manage: true })).body.success).to.equal(true);
    expect((await inAlice('bob', api('Photo', 'edit', { id: tripItem, title: 'by bob' }))).body).to.deep.equal({ success: true });
    const lib = (await s.station.services.spaces.resolve('alice')).library;
    expect(lib.items.get(lib.albums.byPath(TRIP)!.id, 't.jpg')?.title).to.equal('by bob');
  });

  it('grants a user who never called into the library (the copy of the accounts names them)', async () => {
    const res = await inAlice('alice', api('Permission', 'edit', { id: albumId(SECRET), username: 'dave', browse: true }));
    expect(res.body, res.text).to.deep.equal({ success: true });
    expect(await rootNames('dave')).to.deep.equal([SECRET]);
    expect(await rootNames('carol')).to.deep.equal([]);
  });

  it('refuses a grantee granting themselves more, and a non-owner the Permission API (427)', async () => {
    const res = await inAlice('bob', api('Permission', 'editalbum', { id: albumId(SECRET), group_id: friends, browse: true }));
    expect(res.body).to.deep.equal({ success: false, error: { code: 427 } });
    expect(await rootNames('bob')).to.deep.equal([TRIP]);
  });

  it("keeps groups the server's: the Group API at the personal path is the shared one, and its owner is no administrator of it", async () => {
    expect((await inAlice('alice', api('Group', 'create', { name: 'mine' }))).body).to.deep.equal({ success: false, error: { code: 105 } });
    const listed = await s.call(as(admin, api('Group', 'list', { offset: 0, limit: -1 })), { path: ALICE() });
    expect(listed.body.data.groups.map((g: { name: string }) => g.name)).to.deep.equal(['friends']);
  });

  it('follows a membership change in the shared index at the next call', async () => {
    expect((await asAdmin(api('Group', 'editmember', { id: friends, add: JSON.stringify(['carol']), remove: JSON.stringify(['bob']) }))).body.success).to.equal(true);
    expect(await rootNames('bob')).to.deep.equal([]);
    expect(await rootNames('carol')).to.deep.equal([TRIP]);
    expect((await inAlice('bob', api('Photo', 'getinfo', { id: tripItem }))).body.success).to.equal(false);
  });

  it("drops a deleted group's grants: a new group given its row id starts with nothing", async () => {
    // No call into the library in between: its copy sees the new group under the old id at once.
    expect((await asAdmin(api('Group', 'delete', { id: friends }))).body.success).to.equal(true);
    const again = await createGroup('strangers', ['bob', 'carol']);
    expect(again, 'SQLite reused the id').to.equal(friends);
    expect(await rootNames('bob')).to.deep.equal([]);
    expect(await rootNames('carol')).to.deep.equal([]);
    const view = await inAlice('alice', api('Permission', 'getalbum', { id: albumId(TRIP) }));
    expect(view.body.data.groups).to.deep.equal([{ id: again, name: 'strangers', browse: false, upload: false, manage: false }]);
  });

  it("drops a deleted account's grants: a new account given its row id and name starts with nothing", async () => {
    const before = s.station.services.users.byName('dave');
    expect((await asAdmin(userApi('delete', { username: 'dave' }))).body.success).to.equal(true);
    s.clock.advance(1000);
    expect((await asAdmin(userApi('create', { username: 'dave', password: 'dave-pw2' }))).body.success).to.equal(true);
    expect(s.station.services.users.byName('dave')?.id, 'SQLite reused the id').to.equal(before?.id);
    sids.dave = await s.login('dave', 'dave-pw2');
    expect(await rootNames('dave')).to.deep.equal([]);
  });

  describe('every reading method, generated over the registry', () => {
    before(async () => {
      // Bob may browse Trip again, through a group; Secret stays Alice's (and nobody's else).
      const g = await createGroup('trip', ['bob']);
      expect((await grantGroup(g, TRIP, { browse: true })).body.success).to.equal(true);
      expect(await rootNames('bob')).to.deep.equal([TRIP]);
    });

    it('shows the private album to no one without a grant on it: a member of a granted group elsewhere, another user, a guest', async () => {
      const registry = await loadRegistry();
      const probes: Params = { id: secretItem, item_id: secretItem, album_id: albumId(SECRET), offset: 0, limit: 10, query: 'all' };
      let asked = 0;
      for (const entry of registry.apis.values()) {
        for (const [method, m] of entry.methods) {
          if (!m.descriptor.reads || entry.descriptor.name === 'SYNO.API.Info') continue;
          for (const who of ['bob', 'carol', undefined]) {
            const res = await inAlice(who, { ...probes, api: entry.descriptor.name, method, version: entry.descriptor.minVersion });
            asked++;
            const leak = res.text.includes('hidden.jpg') || /^(image|video)\//.test(res.headers.get('content-type') ?? '');
            expect(leak, `${entry.descriptor.name}.${method} as ${who ?? 'a guest'}: ${res.text.slice(0, 200)}`).to.equal(false);
          }
        }
      }
      expect(asked).to.be.greaterThan(60);
    });
  });
});
