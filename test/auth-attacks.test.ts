import { expect } from 'chai';
import { ADMIN_PASSWORD, auth, call, login, startServer } from './helpers/attack.ts';
import type { AttackServer } from './helpers/attack.ts';

const WINDOW_MS = 15 * 60_000;

async function createUser(s: AttackServer, adminSid: string, username: string, password: string): Promise<void> {
  const r = await call(s, { api: 'SYNO.PhotoStation.User', method: 'create', version: '1', username, password, _sid: adminSid });
  expect(r.body.success, `create ${username}`).to.equal(true);
}

/** The sid of a fresh session for `username`. */
async function sidOf(s: AttackServer, username: string, password: string): Promise<string> {
  const r = await login(s, username, password);
  expect(r.body.success, `login ${username}`).to.equal(true);
  return r.body.data?.sid as string;
}

/** The seven ways a client may present its session (SPEC §5). */
const CARRIERS: Record<string, (sid: string) => { params?: Record<string, string>; headers?: Record<string, string> }> = {
  '_sid parameter': (sid) => ({ params: { _sid: sid } }),
  'sid parameter': (sid) => ({ params: { sid } }),
  'SynoToken parameter': (sid) => ({ params: { SynoToken: sid } }),
  'X-SYNO-TOKEN header': (sid) => ({ headers: { 'X-SYNO-TOKEN': sid } }),
  'PHPSESSID parameter': (sid) => ({ params: { PHPSESSID: sid } }),
  'PHPSESSID cookie': (sid) => ({ headers: { Cookie: `PHPSESSID=${sid}` } }),
  'id cookie': (sid) => ({ headers: { Cookie: `id=${sid}` } }),
};

async function checkauth(s: AttackServer, carrier: string, sid: string) {
  const c = (CARRIERS[carrier] as (sid: string) => { params?: Record<string, string>; headers?: Record<string, string> })(sid);
  return call(s, auth('checkauth', c.params), { headers: c.headers });
}

describe('authentication under attack (SPEC §5)', function () {
  this.timeout(120_000);

  describe('a password-guessing run from one address across several usernames', () => {
    let s: AttackServer;
    const codes: number[] = [];
    before(async () => {
      s = await startServer();
      const adminSid = await sidOf(s, 'admin', ADMIN_PASSWORD);
      for (const u of ['alice', 'bob', 'carol']) await createUser(s, adminSid, u, `${u}-right-pw`);
      const names = ['admin', 'alice', 'bob', 'carol', 'nobody'];
      for (let i = 0; i < 200; i++) {
        const r = await login(s, names[i % names.length] as string, `wrong-${i}`);
        codes.push(r.body.error?.code ?? 0);
      }
    });
    after(() => s.close());

    it('answers 407 exactly 5 times (the address key), then 410 for the other 195', () => {
      expect(codes.slice(0, 5)).to.deep.equal([407, 407, 407, 407, 407]);
      expect(
        codes.slice(5).every((c) => c === 410),
        codes.slice(5).join(','),
      ).to.equal(true);
    });

    it('refuses the right password with 410 while the address is throttled', async () => {
      expect((await login(s, 'alice', 'alice-right-pw')).body.error?.code).to.equal(410);
    });

    it('accepts the right password once the window has passed', async () => {
      s.clock.now += WINDOW_MS + 1000;
      const r = await login(s, 'alice', 'alice-right-pw');
      expect(r.body.success).to.equal(true);
    });
  });

  describe('a password-guessing run against one username from many addresses (behind a trusted proxy)', () => {
    let s: AttackServer;
    const codes: number[] = [];
    before(async () => {
      s = await startServer({ trustProxy: true });
      for (let i = 0; i < 40; i++) {
        const r = await login(s, 'admin', `wrong-${i}`, { 'X-Forwarded-For': `10.0.${i}.1` });
        codes.push(r.body.error?.code ?? 0);
      }
    });
    after(() => s.close());

    it('answers 407 exactly 5 times (the username key), then 410', () => {
      expect(codes.filter((c) => c === 407)).to.have.length(5);
      expect(codes.slice(0, 5).every((c) => c === 407)).to.equal(true);
      expect(codes.slice(5).every((c) => c === 410)).to.equal(true);
    });

    it('refuses the right password with 410 from a fresh address while the username is throttled', async () => {
      expect((await login(s, 'admin', ADMIN_PASSWORD, { 'X-Forwarded-For': '192.168.77.7' })).body.error?.code).to.equal(410);
    });

    it('still lets another username log in from a fresh address', async () => {
      const adminless = await login(s, 'nobody', 'x', { 'X-Forwarded-For': '192.168.77.8' });
      expect(adminless.body.error?.code).to.equal(407);
    });

    it('accepts the right password once the window has passed', async () => {
      s.clock.now += WINDOW_MS + 1000;
      expect((await login(s, 'admin', ADMIN_PASSWORD, { 'X-Forwarded-For': '192.168.77.9' })).body.success).to.equal(true);
    });
  });

  describe('100 logins of one user', () => {
    let s: AttackServer;
    const sids: string[] = [];
    before(async () => {
      s = await startServer();
      for (let i = 0; i < 100; i++) {
        const r = await call(s, auth(i % 2 === 0 ? 'login' : 'photo_login', { username: 'admin', password: ADMIN_PASSWORD }));
        sids.push(r.body.data?.sid as string);
      }
    });
    after(() => s.close());

    it('hand out 100 distinct session ids of 32 hex digits (128 bits)', () => {
      expect(
        sids.every((sid) => /^[0-9a-f]{32}$/.test(sid)),
        sids.join(' '),
      ).to.equal(true);
      expect(new Set(sids).size).to.equal(100);
    });

    it('leave every one of them live', async () => {
      for (const sid of [sids[0], sids[50], sids[99]] as string[]) expect((await checkauth(s, '_sid parameter', sid)).body.success).to.equal(true);
    });
  });

  describe('logout', () => {
    let s: AttackServer;
    before(async () => {
      s = await startServer();
    });
    after(() => s.close());

    for (const via of Object.keys(CARRIERS)) {
      it(`through the ${via} ends the session for all seven carriers (106)`, async () => {
        const sid = await sidOf(s, 'admin', ADMIN_PASSWORD);
        for (const carrier of Object.keys(CARRIERS)) expect((await checkauth(s, carrier, sid)).body.success, `before, ${carrier}`).to.equal(true);
        const c = (CARRIERS[via] as (sid: string) => { params?: Record<string, string>; headers?: Record<string, string> })(sid);
        const out = await call(s, auth('logout', c.params), { headers: c.headers });
        expect(out.body.success).to.equal(true);
        for (const carrier of Object.keys(CARRIERS)) expect((await checkauth(s, carrier, sid)).body.error?.code, `after, ${carrier}`).to.equal(106);
      });
    }

    it('clears the cookie, HttpOnly', async () => {
      const sid = await sidOf(s, 'admin', ADMIN_PASSWORD);
      const out = await call(s, auth('logout', { _sid: sid }));
      expect(out.cookies).to.have.length(1);
      expect(out.cookies[0])
        .to.match(/^PHPSESSID=;/)
        .and.match(/HttpOnly/)
        .and.match(/Max-Age=0/);
    });
  });

  describe('the session cookie', () => {
    let direct: AttackServer;
    let proxied: AttackServer;
    before(async () => {
      direct = await startServer();
      proxied = await startServer({ trustProxy: true });
    });
    after(async () => {
      await direct.close();
      await proxied.close();
    });

    it('is PHPSESSID=<sid>; Path=/; HttpOnly, without Expires unless remember_me', async () => {
      const r = await login(direct, 'admin', ADMIN_PASSWORD);
      expect(r.cookies).to.have.length(1);
      const cookie = r.cookies[0] as string;
      expect(cookie.startsWith(`PHPSESSID=${r.body.data?.sid as string};`)).to.equal(true);
      expect(cookie)
        .to.match(/; Path=\//)
        .and.match(/; HttpOnly/);
      expect(cookie).not.to.match(/Expires|Secure/);
    });

    it('carries Expires about 30 days ahead with remember_me', async () => {
      const r = await call(direct, auth('login', { username: 'admin', password: ADMIN_PASSWORD, remember_me: 'true' }));
      const expires = /Expires=([^;]+)/.exec(r.cookies[0] ?? '')?.[1];
      const days = (Date.parse(expires ?? '') - direct.clock.now) / 86_400_000;
      expect(days).to.be.within(29.9, 30.1);
    });

    it('is Secure behind a trusted proxy that says X-Forwarded-Proto: https', async () => {
      const r = await login(proxied, 'admin', ADMIN_PASSWORD, { 'X-Forwarded-Proto': 'https' });
      expect(r.cookies[0])
        .to.match(/; HttpOnly/)
        .and.match(/; Secure/);
    });

    it('is not Secure behind a trusted proxy that says http', async () => {
      const r = await login(proxied, 'admin', ADMIN_PASSWORD, { 'X-Forwarded-Proto': 'http' });
      expect(r.cookies[0]).not.to.match(/Secure/);
    });

    it('ignores X-Forwarded-Proto when the proxy is not trusted: no Secure', async () => {
      const r = await login(direct, 'admin', ADMIN_PASSWORD, { 'X-Forwarded-Proto': 'https' });
      expect(r.cookies[0]).to.match(/; HttpOnly/);
      expect(r.cookies[0]).not.to.match(/Secure/);
    });
  });

  describe('a password change racing the deletion of the same account', () => {
    let s: AttackServer;
    after(() => s.close());

    it('answers 101 for the change (no such user), not 100, and the account stays deleted', async () => {
      s = await startServer();
      const adminSid = await sidOf(s, 'admin', ADMIN_PASSWORD);
      await createUser(s, adminSid, 'frank', 'frank-pw');
      const user = (method: string, extra: Record<string, string>) => call(s, { api: 'SYNO.PhotoStation.User', method, version: '1', _sid: adminSid, ...extra });
      // The edit hashes its new password (milliseconds of scrypt) while the delete lands.
      const [edit, del] = await Promise.all([user('edit', { username: 'frank', password: 'frank-new-pw' }), user('delete', { username: 'frank' })]);
      expect(del.body.success).to.equal(true);
      expect(edit.body.error?.code).to.equal(101);
      expect(s.station.services.users.byName('frank')).to.equal(undefined);
    });
  });

  describe('the log over a whole run of logins, failures, checks, logouts and user management', () => {
    let s: AttackServer;
    const secrets: string[] = [ADMIN_PASSWORD];
    before(async () => {
      s = await startServer();
      const adminSid = await sidOf(s, 'admin', ADMIN_PASSWORD);
      secrets.push(adminSid);
      const user = 'dave';
      const davePw = 'dave-Secr3t-pw';
      secrets.push(davePw);
      await createUser(s, adminSid, user, davePw);
      const newPw = 'dave-N3w-pw';
      secrets.push(newPw);
      expect((await call(s, { api: 'SYNO.PhotoStation.User', method: 'edit', version: '1', username: user, password: newPw, _sid: adminSid })).body.success).to.equal(true);
      // Refused calls carrying secrets: a bad username with a password, a password of the wrong shape.
      const refusedPw = 'refused-Pw-123';
      secrets.push(refusedPw);
      expect(
        (await call(s, { api: 'SYNO.PhotoStation.User', method: 'create', version: '1', username: 'bad name!', password: refusedPw, _sid: adminSid })).body.error?.code,
      ).to.equal(101);
      expect(
        (await call(s, { api: 'SYNO.PhotoStation.User', method: 'create', version: '1', username: 'erin', 'password[]': refusedPw, _sid: adminSid } as Record<string, string>)).body
          .success,
      ).to.be.a('boolean');
      for (let i = 0; i < 3; i++) {
        const wrong = `wrong-guess-${i}-Zq`;
        secrets.push(wrong);
        expect((await login(s, user, wrong)).body.error?.code).to.equal(407);
      }
      const daveSid = await sidOf(s, user, newPw);
      secrets.push(daveSid);
      for (const carrier of Object.keys(CARRIERS)) expect((await checkauth(s, carrier, daveSid)).body.success).to.equal(true);
      expect((await call(s, auth('logout', { _sid: daveSid }))).body.success).to.equal(true);
      for (const carrier of Object.keys(CARRIERS)) expect((await checkauth(s, carrier, daveSid)).body.error?.code).to.equal(106);
      // A dead sid sent as a GET query string, as old clients do.
      expect((await call(s, auth('checkauth', { _sid: daveSid }), { get: true })).body.error?.code).to.equal(106);
      expect((await call(s, auth('logout', { _sid: adminSid }))).body.success).to.equal(true);
    });
    after(() => s.close());

    it('logged one access line per call', () => {
      expect(s.lines.filter((l) => 'code' in l)).to.have.length(s.calls);
    });

    it('holds no password and no session id', () => {
      const text = s.lines.map((l) => JSON.stringify(l)).join('\n');
      for (const secret of secrets) expect(text.includes(secret), `the log contains ${secret}`).to.equal(false);
    });
  });
});
