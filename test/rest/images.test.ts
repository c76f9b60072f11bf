import { expect } from 'chai';
import { albumId } from '../../src/library/ids.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { photo } from '../helpers/batch.ts';
import { form, rest, token, tokenHeader } from '../helpers/rest.ts';

const SEED_HEADERS = {
  'cache-control': 'no-cache, no-store',
  pragma: 'no-cache',
  expires: 'Fri, 01 Jan 1990 00:00:00 GMT',
  'content-type': 'application/json; charset=utf-8',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
};

describe('Seed routes 000 and 003: the Image API (SPEC §17)', function () {
  this.timeout(30_000);
  let f: OpsFixture;
  let t: string;
  beforeEach(async () => {
    f = await OpsFixture.start();
    t = await token(f);
  });
  afterEach(async () => {
    await f.stop();
  });

  describe('POST /api/v1/images/move (seed 000)', () => {
    it('replays the seed request with Photo Station ids: 200, the moved ids last-named first, X-token, files moved', async () => {
      for (const n of ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg']) f.photo('S', n);
      f.album('D1');
      f.album('D2');
      const body = form([
        [`move_operations[${photo('S', 'a.jpg')}]`, albumId('D1')],
        [`move_operations[${photo('S', 'b.jpg')}]`, albumId('D1')],
        [`move_operations[${photo('S', 'c.jpg')}]`, albumId('D2')],
        // The seed's `custom_id`: not an album here, so that image stays and is not listed.
        [`move_operations[${photo('S', 'd.jpg')}]`, 'custom_id'],
      ]);
      const r = await rest(f, 'POST', '/api/v1/images/move', { headers: tokenHeader(t), body });
      expect(r.status).to.equal(200);
      expect(r.body).to.deep.equal([photo('S', 'c.jpg'), photo('S', 'b.jpg'), photo('S', 'a.jpg')]);
      for (const [k, v] of Object.entries(SEED_HEADERS)) expect(r.headers.get(k), k).to.equal(v);
      const renewed = r.headers.get('x-token');
      expect(renewed).to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      // The renewed token works on its own.
      expect((await f.station.services.appTokens.verify(renewed as string)).user.username).to.equal('admin');
      for (const p of ['D1/a.jpg', 'D1/b.jpg', 'D2/c.jpg', 'S/d.jpg']) expect(f.exists(p) && f.hasItem(p), p).to.equal(true);
      for (const p of ['S/a.jpg', 'S/b.jpg', 'S/c.jpg']) expect(f.exists(p), p).to.equal(false);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });

    it('replays it with uids for images and albums, answering the uids', async () => {
      const a = f.photo('S', 'a.jpg').uid as string;
      const b = f.photo('S', 'b.jpg').uid as string;
      const d = f.album('D').uid;
      const r = await rest(f, 'POST', '/api/v1/images/move', {
        headers: tokenHeader(t),
        body: form([
          [`move_operations[${a}]`, d],
          [`move_operations[${b}]`, d],
        ]),
      });
      expect(r.status).to.equal(200);
      expect(r.body).to.deep.equal([b, a]);
      expect(f.exists('D/a.jpg') && f.exists('D/b.jpg')).to.equal(true);
      expect(f.lib.items.byUid(a)?.album_id).to.equal(f.album('D').id);
    });

    it('takes the same map as a JSON body', async () => {
      f.photo('S', 'a.jpg');
      f.album('D');
      const r = await rest(f, 'POST', '/api/v1/images/move', { headers: tokenHeader(t), json: { move_operations: { [photo('S', 'a.jpg')]: albumId('D') } } });
      expect([r.status, r.body]).to.deep.equal([200, [photo('S', 'a.jpg')]]);
      expect(f.exists('D/a.jpg')).to.equal(true);
    });

    it('keeps a name taken in the destination and moves the image to `name (1)`', async () => {
      f.photo('S', 'a.jpg', {}, 'moving');
      f.photo('D', 'a.jpg', {}, 'staying');
      const r = await rest(f, 'POST', '/api/v1/images/move', { headers: tokenHeader(t), body: form([[`move_operations[${photo('S', 'a.jpg')}]`, albumId('D')]]) });
      expect(r.body).to.deep.equal([photo('S', 'a.jpg')]);
      expect(f.exists('D/a.jpg') && f.exists('D/a (1).jpg')).to.equal(true);
    });

    it('answers 401 without a token, with a bad one, and with a revoked one, moving nothing', async () => {
      f.photo('S', 'a.jpg');
      f.album('D');
      const body = form([[`move_operations[${photo('S', 'a.jpg')}]`, albumId('D')]]);
      expect((await rest(f, 'POST', '/api/v1/images/move', { body })).status).to.equal(401);
      expect((await rest(f, 'POST', '/api/v1/images/move', { headers: tokenHeader(`${t.slice(0, -2)}xx`), body })).status).to.equal(401);
      const { appTokens, users } = f.station.services;
      const other = await appTokens.create(users.byName('admin')!, 'gone', { '*': ['manage', 'upload'] }, 3600);
      appTokens.revoke(users.byName('admin')!, other.jti);
      const r = await rest(f, 'POST', '/api/v1/images/move', { headers: tokenHeader(other.token), body });
      expect(r.status).to.equal(401);
      expect(r.headers.get('x-token')).to.equal(null);
      expect(f.exists('S/a.jpg')).to.equal(true);
    });

    it('answers 403 when the token lacks manage on a source or upload on the destination, moving nothing', async () => {
      f.photo('S', 'a.jpg');
      f.photo('S', 'b.jpg');
      const body = form([
        [`move_operations[${photo('S', 'a.jpg')}]`, albumId('D')],
        [`move_operations[${photo('S', 'b.jpg')}]`, albumId('D')],
      ]);
      f.album('D');
      const sid = await f.user('bob', { S: { browse: true, manage: true }, D: { browse: true, upload: true } });
      expect(sid).to.be.a('string');
      const onlyS = await token(f, { [albumId('S')]: ['browse', 'upload', 'manage'] }, 'bob');
      expect((await rest(f, 'POST', '/api/v1/images/move', { headers: tokenHeader(onlyS), body })).status).to.equal(403);
      const noManage = await token(f, { '*': ['browse', 'upload'] }, 'bob');
      expect((await rest(f, 'POST', '/api/v1/images/move', { headers: tokenHeader(noManage), body })).status).to.equal(403);
      expect(f.exists('S/a.jpg') && f.exists('S/b.jpg')).to.equal(true);
      // Abilities keyed by album id and by uid alike.
      const enough = await token(f, { [albumId('S')]: ['manage'], [f.album('D').uid]: ['upload'] }, 'bob');
      const r = await rest(f, 'POST', '/api/v1/images/move', { headers: tokenHeader(enough), body });
      expect(r.status).to.equal(200);
      expect(f.exists('D/a.jpg') && f.exists('D/b.jpg')).to.equal(true);
    });

    it('answers 400 for a body without move_operations or with non-string values, moving nothing', async () => {
      f.photo('S', 'a.jpg');
      expect((await rest(f, 'POST', '/api/v1/images/move', { headers: tokenHeader(t), body: 'x=1' })).status).to.equal(400);
      expect((await rest(f, 'POST', '/api/v1/images/move', { headers: tokenHeader(t), json: { move_operations: { [photo('S', 'a.jpg')]: 5 } } })).status).to.equal(400);
      expect((await rest(f, 'POST', '/api/v1/images/move', { headers: tokenHeader(t), json: { move_operations: [] } })).status).to.equal(400);
      expect((await rest(f, 'POST', '/api/v1/images/move', { headers: { ...tokenHeader(t), 'Content-Type': 'application/json' }, body: '{not json' })).status).to.equal(400);
      expect(f.exists('S/a.jpg')).to.equal(true);
    });

    it('accepts a WebAPI session (_sid) instead of a token, and then sends no X-token', async () => {
      f.photo('S', 'a.jpg');
      f.album('D');
      const r = await rest(f, 'POST', `/api/v1/images/move?_sid=${f.adminSid}`, { body: form([[`move_operations[${photo('S', 'a.jpg')}]`, albumId('D')]]) });
      expect(r.status).to.equal(200);
      expect(r.headers.get('x-token')).to.equal(null);
      expect(f.exists('D/a.jpg')).to.equal(true);
    });

    it("moves 2 500 images named in one form (past qs's 1 000-key default)", async function () {
      // A task of 2 500 units: seconds on a quiet machine, much more on a loaded one.
      this.timeout(120_000);
      f.bulk('S', 2500, 1);
      f.album('D');
      const pairs: [string, string][] = [];
      for (let i = 0; i < 2500; i++) pairs.push([`move_operations[${photo('S', `p${i}.jpg`)}]`, albumId('D')]);
      const r = await rest(f, 'POST', '/api/v1/images/move', { headers: tokenHeader(t), body: form(pairs) });
      expect(r.status).to.equal(200);
      expect(r.body).to.have.length(2500);
      expect(f.lib.albums.itemCounts(f.album('D').id).photo).to.equal(2500);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });
  });

  describe('DELETE /api/v1/images (seed 003)', () => {
    it("replays the seed request (25 ids, past qs's 20-element list default): 200, the deleted ids last-named first, files in the trash", async () => {
      const ids: string[] = [];
      for (let i = 0; i < 25; i++) {
        f.photo('S', `p${i}.jpg`);
        ids.push(i % 2 === 0 ? photo('S', `p${i}.jpg`) : (f.lib.items.get(f.album('S').id, `p${i}.jpg`)?.uid as string));
      }
      const before = f.hashes();
      const r = await rest(f, 'DELETE', '/api/v1/images', { headers: tokenHeader(t), body: form(ids.map((id) => ['image_ids[]', id])) });
      expect(r.status).to.equal(200);
      expect(r.body).to.deep.equal([...ids].reverse());
      expect(r.headers.get('x-token')).to.be.a('string');
      for (let i = 0; i < 25; i++) expect(f.exists(`S/p${i}.jpg`)).to.equal(false);
      expect(f.trashCount()).to.equal(25);
      expect(f.hashes()).to.deep.equal(before);
    });

    it('takes a JSON body and the query string, and leaves out what names nothing', async () => {
      f.photo('S', 'a.jpg');
      f.photo('S', 'b.jpg');
      const r = await rest(f, 'DELETE', '/api/v1/images', {
        headers: tokenHeader(t),
        json: { image_ids: [photo('S', 'a.jpg'), photo('S', 'nope.jpg'), '00000000-0000-4000-8000-000000000000'] },
      });
      expect([r.status, r.body]).to.deep.equal([200, [photo('S', 'a.jpg')]]);
      const q = await rest(f, 'DELETE', `/api/v1/images?image_ids[]=${photo('S', 'b.jpg')}`, { headers: tokenHeader(t) });
      expect([q.status, q.body]).to.deep.equal([200, [photo('S', 'b.jpg')]]);
      expect(f.exists('S/a.jpg') || f.exists('S/b.jpg')).to.equal(false);
    });

    it("answers 403 outside the token's abilities, 401 without a token, 400 without ids; deletes nothing", async () => {
      f.photo('S', 'a.jpg');
      const body = form([['image_ids[]', photo('S', 'a.jpg')]]);
      const browseOnly = await token(f, { '*': ['browse'] });
      expect((await rest(f, 'DELETE', '/api/v1/images', { headers: tokenHeader(browseOnly), body })).status).to.equal(403);
      expect((await rest(f, 'DELETE', '/api/v1/images', { body })).status).to.equal(401);
      expect((await rest(f, 'DELETE', '/api/v1/images', { headers: tokenHeader(t), body: 'image_ids=' })).status).to.equal(400);
      expect(f.exists('S/a.jpg')).to.equal(true);
    });
  });
});
