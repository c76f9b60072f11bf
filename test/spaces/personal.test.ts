import { expect } from 'chai';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { albumId, itemId } from '../../src/library/ids.ts';
import { loadRegistry } from '../../src/webapi/registry.ts';
import { picture } from '../helpers/pictures.ts';
import { ADMIN_PASSWORD, startServer, userApi } from '../helpers/server.ts';
import type { Params, TestServer } from '../helpers/server.ts';

/**
 * Personal libraries (SPEC §18): one photo root and one index per user, reached at
 * `/~<user>/photo/webapi/...` or with `ps_username`; the owner administers it, others see only
 * what is made public there, and nothing crosses from one library into another.
 */
describe('personal libraries', () => {
  let s: TestServer;
  let admin: string;
  let alice: string;
  let bob: string;
  const ALICE = (p = 'entry.cgi') => `/~alice/photo/webapi/${p}`;
  const SECRET = 'Secret';
  const secretItem = itemId(SECRET, 'hidden.jpg', 'photo');
  const homeRoot = () => path.join(s.dataDir, 'home', 'alice', 'photo');
  const api = (name: string, method: string, extra: Params = {}): Params => ({ api: `SYNO.PhotoStation.${name}`, method, version: 1, ...extra });
  const as = (sid: string | undefined, params: Params): Params => (sid ? { ...params, _sid: sid } : params);
  const listRoot = async (sid: string | undefined, where?: string, extra: Params = {}) => {
    const res = await s.call(as(sid, api('Album', 'list', { offset: 0, limit: 100, ...extra })), where ? { path: where } : {});
    return res.body;
  };
  const names = (body: { data?: { items?: { info?: { name?: string } }[] } }) => (body.data?.items ?? []).map((i) => i.info?.name);

  before(async () => {
    s = await startServer();
    admin = await s.login('admin', ADMIN_PASSWORD);
    for (const u of ['alice', 'bob']) expect((await s.call({ ...userApi('create', { username: u, password: `${u}-pw` }), _sid: admin })).body.success).to.equal(true);
    alice = await s.login('alice', 'alice-pw');
    bob = await s.login('bob', 'bob-pw');
    // Alice's files, on disk before her library is first used: the first use scans them.
    mkdirSync(path.join(homeRoot(), SECRET), { recursive: true });
    writeFileSync(path.join(homeRoot(), SECRET, 'hidden.jpg'), await picture(1, 64, 48));
    mkdirSync(path.join(s.dataDir, 'photo', 'Shared'), { recursive: true });
    writeFileSync(path.join(s.dataDir, 'photo', 'Shared', 'common.jpg'), await picture(2, 64, 48));
    await s.station.services.scanner.run().structured;
  });
  after(async () => s.close());

  describe('the owner', () => {
    it('lists their own albums at /~<user>/ and with ps_username alike, from their own index', async () => {
      expect(names(await listRoot(alice, ALICE()))).to.deep.equal([SECRET]);
      expect(names(await listRoot(alice, undefined, { ps_username: 'alice' }))).to.deep.equal([SECRET]);
      expect(existsSync(path.join(s.dataDir, 'home', 'alice', 'photostation.db'))).to.equal(true);
      // The shared index knows nothing of it.
      expect(s.station.services.library.albums.byPath(SECRET)).to.equal(undefined);
    });

    it("takes the owner's own ps_username on the shared paths as the shared library until their personal one is in use, as Photo Station's scripts send it", async () => {
      // The python `photostation` library sends its login name as ps_username with every write and
      // none with its listings: both must reach the same (shared) library.
      const adminHome = path.join(s.dataDir, 'home', 'admin');
      const made = await s.call(as(admin, api('Album', 'create', { name: 'FromScript', ps_username: 'admin' })));
      expect(made.body.success, JSON.stringify(made.body)).to.equal(true);
      expect(existsSync(path.join(s.dataDir, 'photo', 'FromScript'))).to.equal(true);
      expect(existsSync(adminHome), 'no personal library made').to.equal(false);
      expect(names(await listRoot(admin))).to.include('FromScript');
      // Once used at its own paths, the owner's ps_username reaches it, as SPEC §18 says.
      expect(names(await listRoot(admin, '/~admin/photo/webapi/entry.cgi'))).to.deep.equal([]);
      expect(names(await listRoot(admin, undefined, { ps_username: 'admin' }))).to.deep.equal([]);
      expect(names(await listRoot(admin))).to.include('FromScript');
    });

    it('does not see the personal album in the shared library', async () => {
      const shared = await listRoot(alice);
      expect(names(shared)).to.not.include(SECRET);
      const info = await s.call(as(alice, api('Photo', 'getinfo', { id: secretItem })));
      expect(info.body.success).to.equal(false);
    });

    it('edits an item of their library (they administer it), and the change lands in its index only', async () => {
      const res = await s.call(as(alice, api('Photo', 'edit', { id: secretItem, title: 'my title', rating: 4 })), { path: ALICE() });
      expect(res.body).to.deep.equal({ success: true });
      const lib = (await s.station.services.spaces.resolve('alice')).library;
      const album = lib.albums.byPath(SECRET);
      expect(lib.items.get(album!.id, 'hidden.jpg')).to.include({ title: 'my title', rating: 4 });
    });

    it('keeps the account as it is outside the library: no user management at its path', async () => {
      const res = await s.call(as(alice, userApi('list')), { path: ALICE() });
      expect(res.body).to.deep.equal({ success: false, error: { code: 105 } });
    });
  });

  describe('another user and a guest', () => {
    it('see nothing of a private personal album', async () => {
      expect(names(await listRoot(bob, ALICE()))).to.deep.equal([]);
      expect(names(await listRoot(undefined, ALICE()))).to.deep.equal([]);
      const info = await s.call(as(bob, api('Photo', 'getinfo', { id: secretItem })), { path: ALICE() });
      expect(info.body.success).to.equal(false);
    });

    it('cannot delete in it: refused, the file stays', async () => {
      const res = await s.call(as(bob, api('Photo', 'delete', { id: secretItem })), { path: ALICE() });
      expect(res.body.success).to.equal(false);
      expect(existsSync(path.join(homeRoot(), SECRET, 'hidden.jpg'))).to.equal(true);
    });

    it('cannot grant themselves rights there', async () => {
      const res = await s.call(as(bob, api('Permission', 'edit', { id: albumId(SECRET), username: 'bob', browse: true, upload: true, manage: true })), { path: ALICE() });
      expect(res.body.success).to.equal(false);
    });

    it('see an album the owner made public, and only that', async () => {
      mkdirSync(path.join(homeRoot(), 'Open'), { recursive: true });
      writeFileSync(path.join(homeRoot(), 'Open', 'x.jpg'), await picture(3, 64, 48));
      await (await s.station.services.spaces.resolve('alice')).scanner.run().structured;
      expect((await s.call(as(alice, api('Album', 'create', { name: 'Open2' })), { path: ALICE() })).body.success).to.equal(true);
      const made = await s.call(as(alice, api('Album', 'edit', { id: albumId('Open2'), type: 'public' })), { path: ALICE() });
      expect(made.body.success).to.equal(true);
      expect(names(await listRoot(bob, ALICE()))).to.deep.equal(['Open2']);
      expect(names(await listRoot(undefined, ALICE()))).to.deep.equal(['Open2']);
    });
  });

  describe('every reading method, generated over the registry', () => {
    // Every id of the private album and its item, in every parameter an id may come in.
    const probes: Params = { id: secretItem, item_id: secretItem, album_id: albumId(SECRET), offset: 0, limit: 10, query: 'all' };

    it('never shows the private album or item to another user or a guest', async () => {
      const registry = await loadRegistry();
      let asked = 0;
      for (const entry of registry.apis.values()) {
        for (const [method, m] of entry.methods) {
          if (!m.descriptor.reads || entry.descriptor.name === 'SYNO.API.Info') continue;
          for (const sid of [bob, undefined]) {
            for (const where of [ALICE(), undefined]) {
              const params = { ...probes, api: entry.descriptor.name, method, version: entry.descriptor.minVersion, ...(where ? {} : { ps_username: 'alice' }) };
              const res = await s.call(as(sid, params), { path: where ?? undefined });
              asked++;
              // Names and titles in any answer (a zip lists its entries' names in clear), or the item's picture itself.
              const leak = res.text.includes('hidden.jpg') || res.text.includes('my title') || /^(image|video)\//.test(res.headers.get('content-type') ?? '');
              expect(leak, `${entry.descriptor.name}.${method} as ${sid ? 'bob' : 'a guest'} ${where ? 'at /~alice/' : 'with ps_username'}: ${res.text.slice(0, 200)}`).to.equal(
                false,
              );
            }
          }
        }
      }
      expect(asked).to.be.greaterThan(40);
    });

    it('while the owner does get the item by the same calls (the probe can see it)', async () => {
      const res = await s.call(as(alice, api('Photo', 'getinfo', { id: secretItem })), { path: ALICE() });
      expect(res.text).to.include('my title');
      const thumb = await s.call(as(alice, { api: 'SYNO.PhotoStation.Thumb', method: 'get', version: 1, id: secretItem, size: 'small' }), {
        path: ALICE('thumb.php'),
        as: 'query',
      });
      expect(thumb.headers.get('content-type')).to.match(/^image\//);
    });
  });

  describe('its trash', () => {
    it('is its own: a delete goes to the personal trash, not the shared one', async () => {
      const before = readFileSync(path.join(homeRoot(), 'Open', 'x.jpg'));
      const res = await s.call(as(alice, api('Photo', 'delete', { id: itemId('Open', 'x.jpg', 'photo') })), { path: ALICE() });
      expect(res.body.success).to.equal(true);
      expect(existsSync(path.join(homeRoot(), 'Open', 'x.jpg'))).to.equal(false);
      const personal = await s.call(as(alice, api('Trash', 'list', { offset: 0, limit: 10 })), { path: ALICE() });
      expect(personal.body.data.items.map((i: { path: string }) => i.path)).to.deep.equal(['Open/x.jpg']);
      const shared = await s.call(as(admin, api('Trash', 'list', { offset: 0, limit: 10 })));
      expect(shared.body.data.total).to.equal(0);
      const stored = path.join(s.dataDir, 'home', 'alice', 'trash');
      const files = readdirSync(stored);
      expect(files).to.have.length(1);
      expect(readFileSync(path.join(stored, files[0] as string))).to.deep.equal(before);
    });
  });

  describe('switched off', () => {
    before(async () => {
      const res = await s.call({ ...userApi('edit', { username: 'alice', personal_library: false }), _sid: admin });
      expect(res.body.data).to.include({ personal_library: false });
    });
    after(async () => {
      await s.call({ ...userApi('edit', { username: 'alice', personal_library: true }), _sid: admin });
    });

    it('has no paths (404); its owner naming it in ps_username on the shared paths is in the shared library, as her scripts mean it', async () => {
      const res = await s.call(as(alice, api('Album', 'list', { offset: 0, limit: 10 })), { path: ALICE() });
      expect(res.status).to.equal(404);
      const viaParam = await listRoot(alice, undefined, { ps_username: 'alice' });
      expect(names(viaParam)).to.not.include(SECRET);
      expect(names(viaParam)).to.deep.equal(names(await listRoot(alice)));
      // Its files are untouched.
      expect(existsSync(path.join(homeRoot(), SECRET, 'hidden.jpg'))).to.equal(true);
    });

    it('a user that does not exist has none either', async () => {
      const res = await s.call(api('Album', 'list', { offset: 0, limit: 10 }), { path: '/~nobody/photo/webapi/entry.cgi' });
      expect(res.status).to.equal(404);
    });
  });
});
