import Database from 'better-sqlite3';
import { expect } from 'chai';
import { ADMIN_PASSWORD, ENTRY, checkauth, startServer } from '../helpers/server.ts';
import type { Params, TestServer } from '../helpers/server.ts';

const login = (extra: Params = {}): Params => ({ api: 'SYNO.PhotoStation.Auth', method: 'login', version: 1, username: 'admin', password: ADMIN_PASSWORD, ...extra });
const logout = (extra: Params = {}): Params => ({ api: 'SYNO.PhotoStation.Auth', method: 'logout', version: 1, ...extra });
const DAY = 24 * 3600_000;

describe('sessions', () => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startServer();
  });
  afterEach(() => s.close());

  describe('a login', () => {
    it('answers the session data of SPEC §5', async () => {
      const res = await s.call(login());
      expect(res.body.success).to.equal(true);
      expect(res.body.data).to.have.all.keys(
        'sid',
        'username',
        'reg_syno_user',
        'is_admin',
        'allow_comment',
        'permission',
        'enable_face_recog',
        'allow_public_share',
        'allow_download',
        'show_detail',
      );
      expect(res.body.data.sid).to.match(/^[0-9a-f]{32}$/);
      expect(res.body.data).to.deep.include({ username: 'admin', is_admin: true, reg_syno_user: false, permission: { browse: true, upload: true, manage: true } });
    });

    it('sets PHPSESSID=<sid>; Path=/; HttpOnly without Expires', async () => {
      const res = await s.call(login());
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).to.match(new RegExp(`^PHPSESSID=${res.body.data.sid}; Path=/; HttpOnly`));
      expect(cookie).not.to.match(/Expires=/i);
    });

    it('sets Expires 30 days ahead with remember_me', async () => {
      const res = await s.call(login({ remember_me: 'true' }));
      const expires = new Date(s.clock.now() + 30 * DAY).toUTCString();
      expect(res.headers.get('set-cookie')).to.contain(`PHPSESSID=${res.body.data.sid}; Path=/; HttpOnly`).and.contain(`Expires=${expires}`);
    });

    it('answers a new session id every time', async () => {
      const sids = new Set([await s.login('admin', ADMIN_PASSWORD), await s.login('admin', ADMIN_PASSWORD), await s.login('admin', ADMIN_PASSWORD)]);
      expect(sids.size).to.equal(3);
    });

    it('stores the session in the index', async () => {
      const sid = await s.login('admin', ADMIN_PASSWORD);
      const db = new Database(s.station.services.config.dbPath, { readonly: true });
      try {
        expect(db.prepare('SELECT count(*) FROM sessions WHERE sid = ?').pluck().get(sid)).to.equal(1);
      } finally {
        db.close();
      }
    });

    it('answers 407 for a wrong password and for an unknown user', async () => {
      expect((await s.call(login({ password: 'wrong' }))).body).to.deep.equal({ success: false, error: { code: 407 } });
      expect((await s.call(login({ username: 'nobody' }))).body).to.deep.equal({ success: false, error: { code: 407 } });
    });

    it('answers through photo_login too', async () => {
      const res = await s.call(login({ method: 'photo_login' }));
      expect(res.body.data.username).to.equal('admin');
    });
  });

  describe('checkauth with a live session', () => {
    it('answers the same data as the login', async () => {
      const first = await s.call(login());
      const res = await s.call({ ...checkauth(), _sid: first.body.data.sid });
      expect(res.body).to.deep.equal(first.body);
    });
  });

  describe('after logout', () => {
    it('refuses the session with 106', async () => {
      const sid = await s.login('admin', ADMIN_PASSWORD);
      expect((await s.call(logout({ _sid: sid }))).body).to.deep.equal({ success: true });
      expect((await s.call({ ...checkauth(), _sid: sid })).body).to.deep.equal({ success: false, error: { code: 106 } });
    });

    it('clears the cookie', async () => {
      const res = await s.call(logout({ _sid: 'whatever' }));
      expect(res.headers.get('set-cookie')).to.match(/^PHPSESSID=; Path=\/; HttpOnly.*Max-Age=0/);
    });

    it('logs out the session named by the cookie', async () => {
      const sid = await s.login('admin', ADMIN_PASSWORD);
      await s.call(logout(), { headers: { Cookie: `PHPSESSID=${sid}` } });
      expect((await s.call({ ...checkauth(), _sid: sid })).body.error.code).to.equal(106);
    });

    it('leaves other sessions of the same user live', async () => {
      const a = await s.login('admin', ADMIN_PASSWORD);
      const b = await s.login('admin', ADMIN_PASSWORD);
      await s.call(logout({ _sid: a }));
      expect((await s.call({ ...checkauth(), _sid: b })).body.success).to.equal(true);
    });
  });

  describe('each session carrier', () => {
    let sid: string;
    beforeEach(async () => {
      sid = await s.login('admin', ADMIN_PASSWORD);
    });

    const carriers: [string, (sid: string) => { params?: Params; headers?: Record<string, string> }][] = [
      ['_sid parameter', (v) => ({ params: { _sid: v } })],
      ['sid parameter', (v) => ({ params: { sid: v } })],
      ['SynoToken parameter', (v) => ({ params: { SynoToken: v } })],
      ['X-SYNO-TOKEN header', (v) => ({ headers: { 'X-SYNO-TOKEN': v } })],
      ['PHPSESSID parameter', (v) => ({ params: { PHPSESSID: v } })],
      ['PHPSESSID cookie', (v) => ({ headers: { Cookie: `PHPSESSID=${v}` } })],
      ['id cookie', (v) => ({ headers: { Cookie: `id=${v}` } })],
    ];

    carriers.forEach(([name, carry], i) => {
      it(`is accepted alone: ${name}`, async () => {
        const c = carry(sid);
        const res = await s.call({ ...checkauth(), ...c.params }, { headers: c.headers });
        expect(res.body.success).to.equal(true);
      });

      const later = carriers.slice(i + 1);
      if (later.length === 0) return;
      it(`wins over every later carrier: ${name} with a bogus id answers 106`, async () => {
        const bogus = carry('ffffffffffffffffffffffffffffffff');
        const params: Params = { ...checkauth() };
        const headers: Record<string, string> = {};
        const cookies: string[] = [];
        for (const [, other] of later) {
          const c = other(sid);
          Object.assign(params, c.params);
          if (c.headers?.Cookie) cookies.push(c.headers.Cookie);
          else Object.assign(headers, c.headers);
        }
        Object.assign(params, bogus.params);
        if (bogus.headers?.Cookie) cookies.unshift(bogus.headers.Cookie);
        else Object.assign(headers, bogus.headers);
        if (cookies.length > 0) headers.Cookie = cookies.join('; ');
        const res = await s.call(params, { headers });
        expect(res.body).to.deep.equal({ success: false, error: { code: 106 } });
      });
    });

    it('a valid cookie does not rescue a bogus _sid', async () => {
      const res = await s.call({ ...checkauth(), _sid: 'bogus' }, { headers: { Cookie: `PHPSESSID=${sid}` } });
      expect(res.body.error.code).to.equal(106);
    });

    it('is read from the query string of a POST', async () => {
      const res = await s.request(`${ENTRY}?_sid=${sid}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'api=SYNO.PhotoStation.Auth&method=checkauth&version=1',
      });
      expect(res.body.success).to.equal(true);
    });
  });

  describe('idle timeout', () => {
    it('keeps a session that is used within the timeout', async () => {
      const sid = await s.login('admin', ADMIN_PASSWORD);
      for (let i = 0; i < 3; i++) {
        s.clock.advance(DAY - 60_000);
        expect((await s.call({ ...checkauth(), _sid: sid })).body.success, `after ${i + 1} idle periods`).to.equal(true);
      }
    });

    it('ends a session idle for longer than the timeout with 106', async () => {
      const sid = await s.login('admin', ADMIN_PASSWORD);
      s.clock.advance(DAY + 1);
      expect((await s.call({ ...checkauth(), _sid: sid })).body).to.deep.equal({ success: false, error: { code: 106 } });
    });

    it('keeps a remember_me session past the idle timeout, for 30 days', async () => {
      const sid = (await s.call(login({ remember_me: 'yes' }))).body.data.sid as string;
      s.clock.advance(2 * DAY);
      expect((await s.call({ ...checkauth(), _sid: sid })).body.success).to.equal(true);
      s.clock.advance(30 * DAY + 1);
      expect((await s.call({ ...checkauth(), _sid: sid })).body.error.code).to.equal(106);
    });
  });

  describe('across a restart', () => {
    it('keeps a session alive', async () => {
      const sid = await s.login('admin', ADMIN_PASSWORD);
      const before = s.url;
      await s.restart();
      expect(s.url).not.to.equal(before);
      const res = await s.call({ ...checkauth(), _sid: sid });
      expect(res.body.success).to.equal(true);
      expect(res.body.data.username).to.equal('admin');
    });

    it('keeps a logged-out session dead', async () => {
      const sid = await s.login('admin', ADMIN_PASSWORD);
      await s.call(logout({ _sid: sid }));
      await s.restart();
      expect((await s.call({ ...checkauth(), _sid: sid })).body.error.code).to.equal(106);
    });
  });
});
