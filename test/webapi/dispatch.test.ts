import { expect } from 'chai';
import { Code } from '../../src/webapi/codes.ts';
import { ADMIN_PASSWORD, checkauth, info, startServer, userApi } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';

describe('dispatch', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  describe('when api, method or version is missing or malformed', () => {
    for (const [what, params] of [
      ['api is missing', { method: 'query', version: 1 }],
      ['method is missing', { api: 'SYNO.API.Info', version: 1 }],
      ['version is missing', { api: 'SYNO.API.Info', method: 'query' }],
      ['version is empty', { api: 'SYNO.API.Info', method: 'query', version: '' }],
      ['version is not an integer', { api: 'SYNO.API.Info', method: 'query', version: '1.5' }],
      ['version is a word', { api: 'SYNO.API.Info', method: 'query', version: 'one' }],
    ] as const) {
      it(`answers 101 when ${what}`, async () => {
        const res = await s.call(params);
        expect(res.body).to.deep.equal({ success: false, error: { code: 101 } });
      });
    }
  });

  describe('with an unknown api', () => {
    it('answers 102', async () => {
      const res = await s.call({ api: 'SYNO.PhotoStation.Nothing', method: 'list', version: 1 });
      expect(res.body).to.deep.equal({ success: false, error: { code: 102 } });
    });
  });

  describe("when an API is called at another API's legacy path", () => {
    it('answers 102 for SYNO.API.Info at auth.php', async () => {
      const res = await s.call(info(), { path: '/photo/webapi/auth.php' });
      expect(res.body).to.deep.equal({ success: false, error: { code: 102 } });
    });

    it('answers 102 for Auth at query.php', async () => {
      const res = await s.call(checkauth(), { path: '/photo/webapi/query.php' });
      expect(res.body.error.code).to.equal(102);
    });
  });

  describe('with a known api and an unknown method', () => {
    it('answers 103', async () => {
      const res = await s.call({ api: 'SYNO.API.Info', method: 'frobnicate', version: 1 });
      expect(res.body).to.deep.equal({ success: false, error: { code: 103 } });
    });
  });

  describe('with a version outside the API range', () => {
    for (const version of [0, 2, 99]) {
      it(`answers 104 for version ${version}`, async () => {
        const res = await s.call({ ...info(), version });
        expect(res.body).to.deep.equal({ success: false, error: { code: 104 } });
      });
    }
  });

  describe('without a session where one is needed', () => {
    it('answers 105 to checkauth', async () => {
      const res = await s.call(checkauth());
      expect(res.body).to.deep.equal({ success: false, error: { code: 105 } });
    });

    it('answers 105 to User.list', async () => {
      const res = await s.call(userApi('list'));
      expect(res.body.error.code).to.equal(105);
    });
  });

  describe('with a session of a user who is not an administrator', () => {
    let sid: string;
    before(async () => {
      const admin = await s.login('admin', ADMIN_PASSWORD);
      const made = await s.call(userApi('create', { _sid: admin, username: 'plain', password: 'plain-pw' }));
      expect(made.body.success).to.equal(true);
      sid = await s.login('plain', 'plain-pw');
    });

    it('answers 105 to SYNO.PhotoStation.User', async () => {
      const res = await s.call(userApi('list', { _sid: sid }));
      expect(res.body).to.deep.equal({ success: false, error: { code: 105 } });
    });

    it('still lets that user check the session', async () => {
      const res = await s.call({ ...checkauth(), _sid: sid });
      expect(res.body.success).to.equal(true);
      expect(res.body.data.username).to.equal('plain');
    });
  });

  describe('with a presented session that is not live', () => {
    it('answers 106 for an unknown session id', async () => {
      const res = await s.call({ ...checkauth(), _sid: '0123456789abcdef0123456789abcdef' });
      expect(res.body).to.deep.equal({ success: false, error: { code: 106 } });
    });

    it('answers 106 for an unknown session id even where an administrator is required', async () => {
      const res = await s.call(userApi('list', { _sid: 'nope' }));
      expect(res.body.error.code).to.equal(106);
    });
  });

  describe('the code table', () => {
    it('reserves 107 WEBAPI_ERR_SESSION_INTERRUPT', () => {
      expect(Code.SessionInterrupt).to.equal(107);
    });
  });

  describe('URL paths', () => {
    // `/` is the web page's entrance now (a redirect, test/web/static.test.ts); `/nothing` is not.
    for (const p of [
      '/photo/webapi/nothing.php',
      '/photo/webapi/',
      '/nothing',
      '/photo/webapi/entry.cgi/extra',
      '/webapi/query.php',
      '/photo/webapi/QUERY.PHP',
      '/photo/webapi/query.php/',
    ]) {
      it(`answers 404 at ${p}`, async () => {
        const res = await s.request(p);
        expect(res.status).to.equal(404);
      });
    }

    for (const p of ['/photo/webapi/query.php', '/photo/webapi/query.cgi', '/photo/webapi/entry.cgi', '/webapi/entry.cgi']) {
      it(`reaches SYNO.API.Info at ${p}`, async () => {
        const res = await s.call(info('SYNO.API.Info'), { path: p });
        expect(res.body).to.deep.equal({ success: true, data: { 'SYNO.API.Info': { path: 'query.php', minVersion: 1, maxVersion: 1 } } });
      });
    }

    it('runs nothing for HEAD (405), even for a method with effects', async () => {
      const sid = await s.login('admin', 'admin-pw');
      await s.call(userApi('create', { _sid: sid, username: 'keepme', password: 'pw' }));
      const qs = new URLSearchParams({ api: 'SYNO.PhotoStation.User', method: 'delete', version: '1', username: 'keepme', _sid: sid });
      const res = await s.request(`/photo/webapi/entry.cgi?${qs.toString()}`, { method: 'HEAD' });
      expect(res.status).to.equal(405);
      expect(s.station.services.users.byName('keepme')).to.not.equal(undefined);
    });

    it('reaches Auth at auth.php', async () => {
      const res = await s.call({ api: 'SYNO.PhotoStation.Auth', method: 'login', version: 1, username: 'admin', password: ADMIN_PASSWORD }, { path: '/photo/webapi/auth.php' });
      expect(res.body.success).to.equal(true);
    });

    it('reaches User at user.php', async () => {
      const sid = await s.login('admin', ADMIN_PASSWORD);
      const res = await s.call(userApi('list', { _sid: sid }), { path: '/photo/webapi/user.php' });
      expect(res.body.success).to.equal(true);
      expect(res.body.data.users.map((u: { username: string }) => u.username)).to.include('admin');
    });

    it('reaches Auth at /webapi/entry.cgi', async () => {
      const sid = await s.login('admin', ADMIN_PASSWORD);
      const res = await s.call({ ...checkauth(), _sid: sid }, { path: '/webapi/entry.cgi' });
      expect(res.body.data.username).to.equal('admin');
    });
  });

  describe('response headers', () => {
    const expectHeaders = (h: Headers) => {
      expect(h.get('content-type')).to.equal('application/json; charset=utf-8');
      expect(h.get('cache-control')).to.equal('no-cache, no-store');
      expect(h.get('x-content-type-options')).to.equal('nosniff');
      expect(h.get('x-frame-options')).to.equal('DENY');
    };

    it('are set on a success, with HTTP 200', async () => {
      const res = await s.call(info(), { as: 'query' });
      expect(res.status).to.equal(200);
      expect(res.body.success).to.equal(true);
      expectHeaders(res.headers);
    });

    for (const [code, params] of [
      [101, { api: 'SYNO.API.Info' }],
      [102, { api: 'X', method: 'y', version: 1 }],
      [103, { api: 'SYNO.API.Info', method: 'y', version: 1 }],
      [104, { api: 'SYNO.API.Info', method: 'query', version: 7 }],
      [105, checkauth()],
      [106, { ...checkauth(), _sid: 'dead' }],
    ] as const) {
      it(`are set on a ${code} failure, with HTTP 200`, async () => {
        const res = await s.call(params);
        expect(res.status).to.equal(200);
        expect(res.body.error.code).to.equal(code);
        expectHeaders(res.headers);
      });
    }
  });
});
