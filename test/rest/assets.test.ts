import { expect } from 'chai';
import { albumId } from '../../src/library/ids.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { photo } from '../helpers/batch.ts';
import { rest, token } from '../helpers/rest.ts';

describe('Seed routes 002: the DAM bulk move and its sync feed (SPEC §17)', function () {
  this.timeout(30_000);
  let f: OpsFixture;
  let bearer: Record<string, string>;
  beforeEach(async () => {
    f = await OpsFixture.start();
    bearer = { Authorization: `Bearer ${await token(f)}` };
  });
  afterEach(async () => {
    await f.stop();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function syncUntilDone(jobToken: string): Promise<any[]> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const seen: any[] = [];
    let cursor = 0;
    for (let i = 0; i < 300; i++) {
      const r = await rest(f, 'GET', `/api/p/-/sync?cursor=${cursor}`, { headers: bearer });
      expect(r.status).to.equal(200);
      expect(r.body.cursor).to.be.at.least(cursor);
      cursor = r.body.cursor;
      seen.push(...r.body.events);
      if (seen.some((e) => e.data_key === jobToken && e.data.status === 'done')) return seen;
      await new Promise((res) => setTimeout(res, 20));
    }
    throw new Error('the job never reported done');
  }

  it('replays the seed request (ids, children with exclude, search with a type filter): job.token, then jobs events up to done, files moved', async () => {
    f.photo('S', 'a.jpg');
    f.photo('S', 'b.jpg');
    f.photo('C', 'c1.jpg');
    f.photo('C', 'c2.jpg');
    f.photo('C', 'skip.jpg');
    f.photo('Q', 'cms-225.jpg', { title: 'cms 225' });
    f.album('P');
    const body = {
      parent: albumId('P'),
      selection: [
        photo('S', 'a.jpg'),
        f.lib.items.get(f.album('S').id, 'b.jpg')?.uid,
        { children: albumId('C'), exclude: [photo('C', 'skip.jpg')] },
        { search: { language: 'nl', q: 'cms-225', filter: ['type', 'is', 'image'] }, exclude: [] },
      ],
    };
    const r = await rest(f, 'POST', '/api/p/-/assets/bulk/move', { headers: bearer, json: body });
    expect(r.status).to.equal(200);
    expect(Object.keys(r.body)).to.deep.equal(['success', 'result', 'data']);
    expect(r.body.success).to.equal(true);
    expect(r.body.data).to.deep.equal({});
    const job = r.body.result['job.token'];
    expect(job).to.be.a('string');
    expect(r.headers.get('x-token')).to.be.a('string');

    const events = (await syncUntilDone(job)).filter((e) => e.data_key === job);
    for (const e of events) {
      expect(Object.keys(e)).to.deep.equal(['type', 'cursor', 'action', 'data_type', 'data_key', 'data']);
      expect(e).to.include({ type: 'cc', data_type: 'jobs' });
      expect(Object.keys(e.data)).to.deep.equal(['project_gid', 'job', 'status', 'info', 'created_on', 'updated_on']);
      expect(e.data).to.include({ project_gid: '-', job: 'bulk_move_assets' });
      expect(['queued', 'rejected', 'processing', 'done']).to.include(e.data.status);
    }
    expect(events[0].data.status).to.equal('queued');
    const last = events[events.length - 1];
    expect(last.data.status).to.equal('done');
    expect(last.data.info).to.deep.equal({ total: 5, remaining: 0 });
    for (const p of ['P/a.jpg', 'P/b.jpg', 'P/c1.jpg', 'P/c2.jpg', 'P/cms-225.jpg', 'C/skip.jpg']) expect(f.exists(p) && f.hasItem(p), p).to.equal(true);
    for (const p of ['S/a.jpg', 'S/b.jpg', 'C/c1.jpg']) expect(f.exists(p), p).to.equal(false);
    expect(f.indexVsDisk()).to.deep.equal([]);
  });

  it('takes uids for the parent and in children/exclude', async () => {
    f.photo('C', 'c1.jpg');
    const skip = f.photo('C', 'skip.jpg').uid;
    const r = await rest(f, 'POST', '/api/p/-/assets/bulk/move', {
      headers: bearer,
      json: { parent: f.album('P').uid, selection: [{ children: f.album('C').uid, exclude: [skip] }] },
    });
    expect(r.status).to.equal(200);
    await syncUntilDone(r.body.result['job.token']);
    expect(f.exists('P/c1.jpg') && f.exists('C/skip.jpg')).to.equal(true);
  });

  it('answers 400 with code 1006 for a bad selection or cursor, 400 with code 400 for a missing parent, creating no job', async () => {
    f.album('P');
    const bad = async (json: unknown) => rest(f, 'POST', '/api/p/-/assets/bulk/move', { headers: bearer, json });
    for (const selection of ['nope', [], [{ weird: 1 }], [{ children: albumId('Missing') }], [{ search: { filter: ['size', 'is', 'big'] } }], ['photo_zz']]) {
      const r = await bad({ parent: albumId('P'), selection });
      expect([r.status, r.body], JSON.stringify(selection)).to.deep.equal([400, { success: false, error: { code: 1006, message: r.body.error.message } }]);
    }
    const noParent = await bad({ selection: [photo('S', 'a.jpg')] });
    expect([noParent.status, noParent.body.error.code]).to.deep.equal([400, 400]);
    const missingParent = await bad({ parent: albumId('Nope'), selection: [photo('S', 'a.jpg')] });
    expect([missingParent.status, missingParent.body.error.code]).to.deep.equal([400, 400]);
    const cursor = await rest(f, 'GET', '/api/p/-/sync?cursor=-1', { headers: bearer });
    expect([cursor.status, cursor.body.error.code]).to.deep.equal([400, 1006]);
    expect(f.station.services.tasks.store.list(null, undefined, 0, 10).total).to.equal(0);
  });

  it('answers 401 without or with a bad token, 403 outside the abilities, 404 for another space, in the seed envelope', async () => {
    f.photo('S', 'a.jpg');
    f.album('P');
    const json = { parent: albumId('P'), selection: [photo('S', 'a.jpg')] };
    const none = await rest(f, 'POST', '/api/p/-/assets/bulk/move', { json });
    expect([none.status, none.body.success, none.body.error.code]).to.deep.equal([401, false, 401]);
    expect((await rest(f, 'GET', '/api/p/-/sync', { headers: { Authorization: 'Bearer not.a.token' } })).status).to.equal(401);
    const onlyP = { Authorization: `Bearer ${await token(f, { [albumId('P')]: ['upload', 'manage'] })}` };
    const r = await rest(f, 'POST', '/api/p/-/assets/bulk/move', { headers: onlyP, json });
    expect([r.status, r.body.error.code]).to.deep.equal([403, 403]);
    const other = await rest(f, 'POST', '/api/p/nobody/assets/bulk/move', { headers: bearer, json });
    expect([other.status, other.body.error.code]).to.deep.equal([404, 404]);
    expect(f.exists('S/a.jpg')).to.equal(true);
  });

  it("shows a Batch move of the same user in the feed, and not another user's job", async () => {
    f.photo('S', 'a.jpg');
    f.photo('S', 'b.jpg');
    f.album('P');
    await f.user('bob', { S: { browse: true, manage: true }, P: { browse: true, upload: true } });
    const bobs = { Authorization: `Bearer ${await token(f, { '*': ['browse', 'upload', 'manage'] }, 'bob')}` };
    const r = await rest(f, 'POST', '/api/p/-/assets/bulk/move', { headers: bobs, json: { parent: albumId('P'), selection: [photo('S', 'a.jpg')] } });
    const batch = await f.call('SYNO.PhotoStation.Batch', 'move', { selection: JSON.stringify([photo('S', 'b.jpg')]), to: albumId('P') });
    const mine = await syncUntilDone(batch.data.taskid);
    expect(mine.some((e) => e.data_key === r.body.result['job.token'])).to.equal(false);
    expect(f.exists('P/a.jpg') && f.exists('P/b.jpg')).to.equal(true);
  });
});
