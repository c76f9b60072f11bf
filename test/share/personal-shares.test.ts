import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { albumId, itemId } from '../../src/library/ids.ts';
import { picture } from '../helpers/pictures.ts';
import { ADMIN_PASSWORD, startServer, userApi } from '../helpers/server.ts';
import type { Answer, Params, TestServer } from '../helpers/server.ts';

/**
 * Public links to albums of a personal library (SPEC §18): the link's row is in that library's
 * index, a visitor brings only the share id and reaches exactly the shared items of that library,
 * at the shared paths, at `/~<user>/` or with its `ps_username`, and nothing of any other.
 */
describe('public shares of a personal library: what a visitor sees (SPEC §18)', function () {
  this.timeout(30000);
  let s: TestServer;
  let admin: string;
  let alice: string;
  const ALICE = (p = 'entry.cgi') => `/~alice/photo/webapi/${p}`;
  const home = (...p: string[]) => path.join(s.dataDir, 'home', 'alice', 'photo', ...p);
  const shared = (...p: string[]) => path.join(s.dataDir, 'photo', ...p);
  const pid = (album: string, name: string) => itemId(album, name, 'photo');
  const api = (name: string, method: string, extra: Params = {}): Params => ({ api: `SYNO.PhotoStation.${name}`, method, version: 1, ...extra });
  /** A visitor's call: no session, the share id, at `where` (default the shared library's path). */
  const visit = (shareid: string, params: Params, where?: string): Promise<Answer> => s.call({ ...params, public_share_id: shareid }, where ? { path: where } : {});
  const bytesOf = async (shareid: string, id: string, extra: Params = {}, where = '/photo/webapi/download.php') => {
    const q = new URLSearchParams({
      api: 'SYNO.PhotoStation.Download',
      method: 'getphoto',
      version: '1',
      id,
      public_share_id: shareid,
      ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])),
    });
    const res = await fetch(`${s.url}${where}?${q}`);
    const body = Buffer.from(await res.arrayBuffer());
    return {
      type: res.headers.get('content-type') ?? '',
      body,
      code: res.headers.get('content-type')?.startsWith('application/json') ? (JSON.parse(body.toString()).error?.code ?? 0) : 0,
    };
  };
  const listed = async (shareid: string, extra: Params = {}, where?: string) => {
    const res = await visit(shareid, api('Photo', 'list', { offset: 0, limit: -1, ...extra }), where);
    return res.body.success ? (res.body.data.items as { id: string }[]).map((i) => i.id).sort() : res.body.error.code;
  };
  let tripShare: string;

  before(async () => {
    s = await startServer();
    admin = await s.login('admin', ADMIN_PASSWORD);
    for (const u of ['alice', 'bob']) expect((await s.call({ ...userApi('create', { username: u, password: `${u}-pw` }), _sid: admin })).body.success).to.equal(true);
    alice = await s.login('alice', 'alice-pw');
    // The same album paths and names in both libraries, other pictures: ids alone cannot tell
    // them apart, only the library the share is in can.
    let seed = 1;
    for (const root of [home(), shared()]) {
      for (const [album, name] of [
        ['Trip', 'a.jpg'],
        ['Trip', 'b.jpg'],
        ['Trip/Sub', 'c.jpg'],
        ['Secret', 'p.jpg'],
      ] as const) {
        mkdirSync(path.join(root, album), { recursive: true });
        writeFileSync(path.join(root, album, name), await picture(seed++, 64, 48));
      }
    }
    await s.station.services.scanner.run().structured;
    const made = await s.call({ ...api('Album', 'edit', { id: albumId('Trip'), is_shared: true }), _sid: alice }, { path: ALICE() });
    expect(made.body.success, made.text).to.equal(true);
    tripShare = made.body.data.shareid;
    expect(made.body.data.public_share_url).to.equal(`/photo/share/${tripShare}`);
  });
  after(async () => s.close());

  it("keeps the link in the personal library's index, and only its id in the shared index's directory", async () => {
    const personal = (await s.station.services.spaces.resolve('alice')).db;
    expect(personal.prepare('SELECT share_id FROM public_shares').pluck().all()).to.deep.equal([tripShare]);
    const sharedDb = s.station.services.db;
    expect(sharedDb.prepare('SELECT count(*) FROM public_shares').pluck().get()).to.equal(0);
    expect(sharedDb.prepare('SELECT space FROM share_spaces WHERE share_id = ?').pluck().get(tripShare)).to.equal('alice');
  });

  it("lists the personal album's own photos to a visitor who names no library, not its sub-album's nor the shared library's", async () => {
    expect(await listed(tripShare)).to.deep.equal([pid('Trip', 'a.jpg'), pid('Trip', 'b.jpg')]);
    expect(await listed(tripShare, {}, ALICE())).to.deep.equal([pid('Trip', 'a.jpg'), pid('Trip', 'b.jpg')]);
    expect(await listed(tripShare, { ps_username: 'alice' })).to.deep.equal([pid('Trip', 'a.jpg'), pid('Trip', 'b.jpg')]);
  });

  it("serves the personal library's bytes for the shared ids, wherever the visitor asks", async () => {
    const want = readFileSync(home('Trip', 'a.jpg'));
    expect(want.equals(readFileSync(shared('Trip', 'a.jpg'))), 'the two libraries hold other pictures').to.equal(false);
    for (const [extra, where] of [
      [{}, undefined],
      [{}, ALICE('download.php')],
      [{ ps_username: 'alice' }, undefined],
    ] as const) {
      const got = await bytesOf(tripShare, pid('Trip', 'a.jpg'), extra, where);
      expect(got.type, JSON.stringify(extra)).to.equal('image/jpeg');
      expect(got.body.equals(want), JSON.stringify(extra)).to.equal(true);
    }
    const thumb = await visit(tripShare, api('Thumb', 'get', { id: pid('Trip', 'a.jpg'), size: 'small' }));
    expect(thumb.headers.get('content-type')).to.equal('image/jpeg');
  });

  it('refuses every other item of the personal library as an id naming nothing', async () => {
    for (const id of [pid('Trip/Sub', 'c.jpg'), pid('Secret', 'p.jpg'), pid('Trip', 'none.jpg')]) {
      expect((await bytesOf(tripShare, id)).code, id).to.equal(506);
      expect((await visit(tripShare, api('Photo', 'getinfo', { id }))).body.error?.code, id).to.equal(456);
    }
    expect(await listed(tripShare, { filter_album: albumId('Secret') })).to.equal(456);
  });

  it("refuses a visitor naming another library (101): the shared one, or someone else's", async () => {
    expect(await listed(tripShare, { ps_username: 'bob' })).to.equal(101);
    expect(await listed(tripShare, { ps_username: '-' })).to.equal(101);
    expect(await listed(tripShare, {}, '/~bob/photo/webapi/entry.cgi')).to.equal(101);
    expect((await bytesOf(tripShare, pid('Trip', 'a.jpg'), { ps_username: 'bob' })).code).to.equal(101);
  });

  it("keeps the shared library's links to the shared library: a visitor naming a personal library is refused (101)", async () => {
    const made = await s.call({ ...api('Album', 'edit', { id: albumId('Trip'), is_shared: true }), _sid: admin });
    const sharedShare = made.body.data.shareid as string;
    expect(sharedShare).to.not.equal(tripShare);
    const got = await bytesOf(sharedShare, pid('Trip', 'a.jpg'));
    expect(got.body.equals(readFileSync(shared('Trip', 'a.jpg')))).to.equal(true);
    expect(await listed(sharedShare, { ps_username: 'alice' })).to.equal(101);
    expect(await listed(sharedShare, {}, ALICE())).to.equal(101);
    expect((await bytesOf(sharedShare, pid('Trip', 'a.jpg'), { ps_username: 'alice' })).code).to.equal(101);
  });

  it('answers getinfo_public for the link without the library being named', async () => {
    const info = await s.call(api('SharedAlbum', 'getinfo_public', { public_share_id: tripShare }));
    expect(info.body.data).to.include({ name: 'Trip', status: 'open', enable_password: false });
    expect((await s.call(api('SharedAlbum', 'getinfo_public', { public_share_id: randomBytes(16).toString('base64url') }))).body.error.code).to.equal(105);
  });

  it('serves the public page of the link', async () => {
    const res = await s.request(`/photo/share/${tripShare}`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/html/);
  });

  it("shares a personal shared album's items, its password asked and throttled like the shared library's", async () => {
    const made = await s.call({ ...api('SharedAlbum', 'create', { name: 'Best', item_id: pid('Secret', 'p.jpg') }), _sid: alice }, { path: ALICE() });
    expect(made.body.success, made.text).to.equal(true);
    const link = await s.call(
      { ...api('SharedAlbum', 'edit_public_share', { id: made.body.data.id, is_shared: true, enable_password: true, password: 'sesame' }), _sid: alice },
      { path: ALICE() },
    );
    const best = link.body.data.shareid as string;
    expect(await listed(best)).to.equal(416);
    expect(await listed(best, { password: 'wrong' })).to.equal(416);
    expect(await listed(best, { password: 'sesame' })).to.deep.equal([pid('Secret', 'p.jpg')]);
    const got = await bytesOf(best, pid('Secret', 'p.jpg'), { password: 'sesame' });
    expect(got.body.equals(readFileSync(home('Secret', 'p.jpg')))).to.equal(true);
    expect((await bytesOf(best, pid('Trip', 'a.jpg'), { password: 'sesame' })).code).to.equal(506);
  });

  it("records the views in the personal library's log, read by its owner there", async () => {
    const log = await s.call({ ...api('AdvancedShare', 'list_log', { id: albumId('Trip') }), _sid: alice }, { path: ALICE() });
    expect(log.body.success, log.text).to.equal(true);
    expect(log.body.data.total).to.be.greaterThan(3);
    expect(log.body.data.items.map((v: { item_id: string }) => v.item_id)).to.include(pid('Trip', 'a.jpg'));
  });

  it('lets a visitor change nothing in the personal library', async () => {
    for (const params of [
      api('Photo', 'delete', { id: pid('Trip', 'a.jpg') }),
      api('Photo', 'edit', { id: pid('Trip', 'a.jpg'), title: 'x' }),
      api('Album', 'edit', { id: albumId('Trip'), is_shared: false }),
    ]) {
      expect((await visit(tripShare, params, ALICE())).body.error?.code).to.equal(105);
    }
    expect(readFileSync(home('Trip', 'a.jpg')).length).to.be.greaterThan(0);
    expect(await listed(tripShare)).to.have.length(2);
  });

  it('refuses guessed ids, and the link once it is closed or its library switched off', async () => {
    for (let i = 0; i < 20; i++) expect(await listed(randomBytes(16).toString('base64url'))).to.equal(105);
    expect((await s.call({ ...userApi('edit', { username: 'alice', personal_library: false }), _sid: admin })).body.success).to.equal(true);
    expect(await listed(tripShare)).to.equal(105);
    expect((await bytesOf(tripShare, pid('Trip', 'a.jpg'))).code).to.equal(105);
    expect((await s.call({ ...userApi('edit', { username: 'alice', personal_library: true }), _sid: admin })).body.success).to.equal(true);
    expect(await listed(tripShare)).to.have.length(2);
    expect((await s.call({ ...api('Album', 'edit', { id: albumId('Trip'), is_shared: false }), _sid: alice }, { path: ALICE() })).body.success).to.equal(true);
    expect(await listed(tripShare)).to.equal(105);
    expect((await s.call({ ...api('Album', 'delete', { id: albumId('Trip') }), _sid: alice }, { path: ALICE() })).body.success).to.equal(true);
    expect(await listed(tripShare)).to.equal(105);
  });
});
