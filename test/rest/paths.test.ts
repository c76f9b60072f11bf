import { expect } from 'chai';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { rest, token } from '../helpers/rest.ts';

describe('Seed routes 004: batch move by path and task polling (SPEC §17)', function () {
  this.timeout(40_000);
  let f: OpsFixture;
  let t: string;
  beforeEach(async () => {
    f = await OpsFixture.start();
    t = await token(f);
  });
  afterEach(async () => {
    await f.stop();
  });

  const move = (body: unknown, extra = '') => rest(f, 'POST', `/api/v1/batch/main/-?move&access_token=${t}${extra}`, { json: body });
  const read = (rel: string) => readFileSync(path.join(f.photoRoot, rel), 'utf8');

  it('replays the seed request: a folder renamed (204), a file renamed on a clash (200, path), a file overwriting (204)', async () => {
    f.photo('foo/bar_old', 'x.jpg');
    f.photo('foo', '1.jpg', {}, 'new-1');
    f.photo('foo', '2.jpg', {}, 'new-2');
    f.photo('bar', '1.jpg', {}, 'old-1');
    f.photo('bar', '2.jpg', {}, 'old-2');
    const folderUid = f.album('foo/bar_old').uid;
    const r = await move([
      { fromSpaceId: '-', from: 'foo/bar_old', to: 'foo/bar' },
      { from: 'foo/1.jpg', to: 'bar/1.jpg' },
      { from: 'foo/2.jpg', to: 'bar/2.jpg', conflictResolutionStrategy: 'overwrite' },
    ]);
    expect(r.status).to.equal(200);
    expect(r.body).to.deep.equal({
      result: [
        { status: 204, from: ['foo', 'bar_old'], to: ['foo', 'bar'] },
        { status: 200, path: ['bar', '1 (1).jpg'], from: ['foo', '1.jpg'], to: ['bar', '1.jpg'] },
        { status: 204, from: ['foo', '2.jpg'], to: ['bar', '2.jpg'] },
      ],
    });
    expect(r.headers.get('x-token')).to.be.a('string');
    expect(f.exists('foo/bar/x.jpg') && !f.exists('foo/bar_old')).to.equal(true);
    expect(f.lib.albums.byPath('foo/bar')?.uid).to.equal(folderUid);
    expect([read('bar/1.jpg'), read('bar/1 (1).jpg'), read('bar/2.jpg')]).to.deep.equal(['old-1', 'new-1', 'new-2']);
    expect(f.trashCount()).to.equal(1);
    expect(f.indexVsDisk()).to.deep.equal([]);
  });

  it('answers 409 SameNameDirectoryOrFileExists for ask, and for a folder clash by default (folders never overwrite); 404 for what is not there', async () => {
    f.photo('a', '1.jpg', {}, 'a1');
    f.photo('b', '1.jpg', {}, 'b1');
    f.photo('a/Sub', 's.jpg');
    f.photo('b/Sub', 't.jpg');
    const r = await move([
      { from: 'a/1.jpg', to: 'b/1.jpg', conflictResolutionStrategy: 'ask' },
      { from: 'a/Sub', to: 'b/Sub' },
      { from: 'a/Sub', to: 'b/Sub', conflictResolutionStrategy: 'overwrite' },
      { from: 'a/missing.jpg', to: 'b/missing.jpg' },
      { from: 'nowhere', to: 'b/nowhere' },
      { from: 'a/1.jpg', to: 'missing/1.jpg' },
    ]);
    expect(r.body.result.map((x: { status: number }) => x.status)).to.deep.equal([409, 409, 409, 404, 404, 404]);
    expect(r.body.result[0]).to.deep.equal({ status: 409, from: ['a', '1.jpg'], to: ['b', '1.jpg'], code: 'SameNameDirectoryOrFileExists' });
    expect([read('a/1.jpg'), read('b/1.jpg')]).to.deep.equal(['a1', 'b1']);
    expect(f.exists('a/Sub/s.jpg') && f.exists('b/Sub/t.jpg') && !f.exists('b/Sub/s.jpg')).to.equal(true);
  });

  it('runs as a task with async=true: {taskId}, then GET task answers 202 or 200 with the results, and 207 when some failed', async () => {
    f.photo('a', '1.jpg');
    f.photo('a', '2.jpg');
    f.album('b');
    const r = await move(
      [
        { from: 'a/1.jpg', to: 'b/1.jpg' },
        { from: 'a/2.jpg', to: 'b/two.jpg' },
      ],
      '&async=true',
    );
    expect(r.status).to.equal(200);
    expect(Object.keys(r.body)).to.deep.equal(['taskId']);
    let answer;
    for (let i = 0; i < 300; i++) {
      answer = await rest(f, 'GET', `/api/v1/task/main/-/${r.body.taskId}?access_token=${t}`);
      expect(answer.status).to.equal(200);
      expect([202, 200]).to.include(answer.body[0].status);
      if (answer.body[0].status !== 202) break;
      await new Promise((res) => setTimeout(res, 20));
    }
    expect(answer?.body).to.deep.equal([
      {
        taskId: r.body.taskId,
        status: 200,
        result: [
          { status: 200, path: ['b', '1.jpg'], from: ['a', '1.jpg'], to: ['b', '1.jpg'] },
          { status: 200, path: ['b', 'two.jpg'], from: ['a', '2.jpg'], to: ['b', 'two.jpg'] },
        ],
      },
    ]);
    expect(f.exists('b/1.jpg') && f.exists('b/two.jpg')).to.equal(true);

    const partial = await move(
      [
        { from: 'b/1.jpg', to: 'a/1.jpg' },
        { from: 'b/gone.jpg', to: 'a/gone.jpg' },
      ],
      '&async=true',
    );
    for (let i = 0; i < 300; i++) {
      answer = await rest(f, 'GET', `/api/v1/task/main/-/${partial.body.taskId}?access_token=${t}`);
      if (answer.body[0].status !== 202) break;
      await new Promise((res) => setTimeout(res, 20));
    }
    expect(answer?.body[0].status).to.equal(207);
    expect(answer?.body[0].result.map((x: { status: number }) => x.status)).to.deep.equal([200, 404]);
    // Another user's token does not see the task.
    await f.user('bob', {});
    const bobs = await token(f, { '*': ['browse'] }, 'bob');
    expect((await rest(f, 'GET', `/api/v1/task/main/-/${partial.body.taskId}?access_token=${bobs}`)).status).to.equal(404);
  });

  it('runs more than 1 000 items as a task', async () => {
    f.bulk('a', 1001, 1);
    f.album('b');
    const ops = Array.from({ length: 1001 }, (_, i) => ({ from: `a/p${i}.jpg`, to: `b/p${i}.jpg` }));
    const r = await move(ops);
    expect(Object.keys(r.body)).to.deep.equal(['taskId']);
    for (let i = 0; i < 500; i++) {
      const answer = await rest(f, 'GET', `/api/v1/task/main/-/${r.body.taskId}?access_token=${t}`);
      if (answer.body[0].status !== 202) {
        expect(answer.body[0].status).to.equal(200);
        expect(answer.body[0].result).to.have.length(1001);
        break;
      }
      await new Promise((res) => setTimeout(res, 20));
    }
    expect(f.lib.albums.itemCounts(f.album('b').id).photo).to.equal(1001);
  });

  describe('paths that would leave the space', () => {
    it('answers 400 for `..`, hidden names, a file changing kind, and moves nothing', async () => {
      f.photo('a', '1.jpg');
      f.album('b');
      for (const op of [
        { from: '../a/1.jpg', to: 'b/1.jpg' },
        { from: 'a/1.jpg', to: 'b/../../x.jpg' },
        { from: 'a/1.jpg', to: '.hidden/1.jpg' },
        { from: 'a/1.jpg', to: 'b/1.mp4' },
        { from: '', to: 'b' },
        { from: 'a//1.jpg', to: 'b/1.jpg' },
      ]) {
        const r = await move([{ from: 'a/1.jpg', to: 'b/ok.jpg' }, op]);
        expect(r.status, JSON.stringify(op)).to.equal(400);
      }
      expect(f.exists('a/1.jpg') && !f.exists('b/ok.jpg')).to.equal(true);
    });

    it('answers 403 for a path through a symlink (inside or out of the root), and moves nothing', async () => {
      f.photo('a', '1.jpg');
      f.album('b');
      const outside = path.join(f.dir, 'outside');
      mkdirSync(outside);
      writeFileSync(path.join(outside, 'secret.jpg'), 'secret');
      symlinkSync(outside, path.join(f.photoRoot, 'link'));
      symlinkSync(path.join(f.photoRoot, 'b'), path.join(f.photoRoot, 'blink'));
      for (const op of [
        { from: 'link/secret.jpg', to: 'b/secret.jpg' },
        { from: 'a/1.jpg', to: 'link/1.jpg' },
        { from: 'a/1.jpg', to: 'blink/1.jpg' },
      ]) {
        const r = await move([op]);
        expect(r.status, JSON.stringify(op)).to.equal(403);
      }
      expect(f.exists('a/1.jpg') && !f.exists('b/secret.jpg')).to.equal(true);
      expect(readFileSync(path.join(outside, 'secret.jpg'), 'utf8')).to.equal('secret');
    });
  });

  it('answers 404 for another library, a space of no user (personal libraries are test/spaces) or such a fromSpaceId; 400 without ?move or a body; 401 without a token; 403 outside the abilities', async () => {
    f.photo('a', '1.jpg');
    f.album('b');
    const op = [{ from: 'a/1.jpg', to: 'b/1.jpg' }];
    expect((await rest(f, 'POST', `/api/v1/batch/other/-?move&access_token=${t}`, { json: op })).status).to.equal(404);
    expect((await rest(f, 'POST', `/api/v1/batch/main/nobody?move&access_token=${t}`, { json: op })).status).to.equal(404);
    expect((await move([{ ...op[0], fromSpaceId: 'spaceNJsnjdiq' }])).status).to.equal(404);
    expect((await rest(f, 'POST', `/api/v1/batch/main/-?access_token=${t}`, { json: op })).status).to.equal(400);
    expect((await move({ from: 'a/1.jpg' })).status).to.equal(400);
    expect((await move([{ from: 'a/1.jpg', to: 'b/1.jpg', extra: 1 }])).status).to.equal(400);
    expect((await rest(f, 'POST', '/api/v1/batch/main/-?move', { json: op })).status).to.equal(401);
    const browse = await token(f, { '*': ['browse', 'upload'] });
    expect((await rest(f, 'POST', `/api/v1/batch/main/-?move&access_token=${browse}`, { json: op })).status).to.equal(403);
    expect(f.exists('a/1.jpg') && !f.exists('b/1.jpg')).to.equal(true);
  });
});
