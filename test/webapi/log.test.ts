import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SECRET_FILE } from '../../src/auth/secret.ts';
import { ADMIN_PASSWORD, ENTRY, checkauth, info, startServer, userApi } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';
import { SECRET_PATH, registerEcho } from '../helpers/echo.ts';

const access = (logs: Record<string, unknown>[]) => logs.filter((l) => 'code' in l && 'ms' in l);

describe('the access log and unexpected exceptions', () => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startServer();
    registerEcho(s.station.services.registry);
  });
  afterEach(() => s.close());

  describe('for each request', () => {
    it('writes exactly one line with api, method, version, code, ms and user', async () => {
      const sid = await s.login('admin', ADMIN_PASSWORD);
      s.logs.length = 0;
      await s.call({ ...checkauth(), _sid: sid });
      await s.call(info());
      await s.call({ api: 'SYNO.API.Info', method: 'nope', version: 1 });
      expect(s.logs).to.have.length(3);
      const [a, b, c] = s.logs;
      expect(a).to.deep.include({ api: 'SYNO.PhotoStation.Auth', method: 'checkauth', version: 1, code: 0, user: 'admin' });
      expect(b).to.deep.include({ api: 'SYNO.API.Info', method: 'query', version: 1, code: 0, user: undefined });
      expect(c).to.deep.include({ api: 'SYNO.API.Info', method: 'nope', version: 1, code: 103 });
      for (const line of s.logs) expect(line.ms).to.be.a('number').and.at.least(0);
    });

    it('names the user who logged in on the login line', async () => {
      await s.login('admin', ADMIN_PASSWORD);
      expect(access(s.logs).at(-1)).to.deep.include({ method: 'login', user: 'admin', code: 0 });
    });
  });

  describe('with passwords and session ids in play', () => {
    it('never writes a password or a session id into any line', async () => {
      const secretPw = 'Sup3r-Secret-Pw';
      const sid = await s.login('admin', ADMIN_PASSWORD);
      await s.call(userApi('create', { _sid: sid, username: 'carol', password: secretPw }));
      const carol = await s.login('carol', secretPw);
      await s.call({ api: 'SYNO.PhotoStation.Auth', method: 'login', version: 1, username: 'carol', password: 'Wrong-Pw-123' });
      await s.call({ api: 'SYNO.PhotoStation.Auth', method: 'login', version: 1, username: 'nobody', password: 'Other-Wrong-Pw' });
      await s.call({ ...checkauth(), sid: carol });
      await s.call({ ...checkauth() }, { headers: { Cookie: `PHPSESSID=${sid}`, 'X-SYNO-TOKEN': carol } });
      await s.call({ ...checkauth(), _sid: 'ffffffffffffffffffffffffdeadbeef' });
      await s.call(userApi('edit', { _sid: sid, username: 'carol', password: 'Changed-Pw-456' }));
      await s.call({ api: 'SYNO.PhotoStation.Auth', method: 'logout', version: 1, _sid: sid });
      const text = JSON.stringify(s.logs);
      expect(access(s.logs)).to.have.length(10);
      for (const secret of [ADMIN_PASSWORD, secretPw, 'Wrong-Pw-123', 'Other-Wrong-Pw', 'Changed-Pw-456', sid, carol, 'ffffffffffffffffffffffffdeadbeef']) {
        expect(text).not.to.contain(secret);
      }
    });
  });

  describe('with app tokens in play', () => {
    it('never writes a token, nor the secret that signs them, into any line, whatever the carrier and outcome', async () => {
      const sid = await s.login('admin', ADMIN_PASSWORD);
      const appToken = (method: string, extra: Record<string, string | number>) => ({ api: 'SYNO.PhotoStation.AppToken', method, version: 1, _sid: sid, ...extra });
      const made = await s.call(appToken('create', { name: 'logged?', abilities: '{"*":["browse"]}', ttl: 60 }));
      const { token, jti } = made.body.data as { token: string; jti: string };
      const flipped = `${token.slice(0, -3)}${token.at(-3) === 'A' ? 'B' : 'A'}${token.slice(-2)}`;
      const renewed: string[] = [];
      for (const t of [token, flipped]) {
        for (const headers of [{ Authorization: `Token token="${t}"` }, { Authorization: `Bearer ${t}` }]) {
          const res = await s.call(checkauth(), { headers });
          renewed.push(res.headers.get('x-token') ?? '');
        }
        await s.call({ ...checkauth(), access_token: t }, { as: 'query' });
        await s.call({ ...checkauth(), access_token: t });
        await s.call({ api: 'SYNO.Test.Echo', method: 'boom', version: 1, access_token: t }, { as: 'query', headers: { Authorization: `Bearer ${t}` } });
        await s.call(appToken('revoke', { jti: t }));
      }
      await s.call(appToken('revoke', { jti }));
      await s.call({ ...checkauth(), access_token: token }, { as: 'query' });
      s.clock.advance(120_000);
      await s.call(checkauth(), { headers: { Authorization: `Bearer ${renewed[0]}` } });
      expect(access(s.logs).filter((l) => l.code === 106).length).to.equal(6);
      const text = JSON.stringify(s.logs);
      const secret = readFileSync(path.join(s.dataDir, SECRET_FILE));
      for (const t of [token, flipped, ...renewed.filter((r) => r !== '')]) {
        // Any of the three parts would do: the signature is what makes a token.
        expect(text).not.to.contain(t.split('.')[2]);
      }
      for (const form of ['hex', 'base64', 'base64url'] as const) expect(text).not.to.contain(secret.toString(form));
    });
  });

  describe('when a handler throws an unexpected exception', () => {
    it('answers 100 with nothing internal in the body', async () => {
      const res = await s.call({ api: 'SYNO.Test.Echo', method: 'boom', version: 1 });
      expect(res.status).to.equal(200);
      expect(res.text).to.equal('{"success":false,"error":{"code":100}}');
      expect(res.headers.get('content-type')).to.equal('application/json; charset=utf-8');
    });

    it('logs the stack on the server side, and the access line with 100', async () => {
      await s.call({ api: 'SYNO.Test.Echo', method: 'boom', version: 1 });
      const error = s.logs.find((l) => l.level === 'error');
      expect(error?.stack).to.be.a('string').and.contain(SECRET_PATH).and.contain('echo.ts');
      expect(access(s.logs).at(-1)).to.deep.include({ api: 'SYNO.Test.Echo', method: 'boom', code: 100 });
    });

    it('keeps serving afterwards', async () => {
      await s.call({ api: 'SYNO.Test.Echo', method: 'boom', version: 1 });
      expect((await s.call(info('SYNO.API.Info'))).body.success).to.equal(true);
    });
  });

  describe('for a path that is not the WebAPI', () => {
    it('writes no access line', async () => {
      await s.request('/nothing');
      await s.request(`${ENTRY}x`);
      expect(s.logs).to.deep.equal([]);
    });
  });
});
