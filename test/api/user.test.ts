import Database from 'better-sqlite3';
import { expect } from 'chai';
import { ADMIN_PASSWORD, checkauth, startServer, userApi } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';

interface Row {
  username: string;
  is_admin: number;
  disabled: number;
}

describe('SYNO.PhotoStation.User', () => {
  let s: TestServer;
  let admin: string;
  beforeEach(async () => {
    s = await startServer();
    admin = await s.login('admin', ADMIN_PASSWORD);
  });
  afterEach(() => s.close());

  /** The users table as a fresh connection sees it. */
  const rows = (): Row[] => {
    const db = new Database(s.station.services.config.dbPath, { readonly: true });
    try {
      return db.prepare('SELECT username, is_admin, disabled FROM users ORDER BY username').all() as Row[];
    } finally {
      db.close();
    }
  };
  const sessionsOf = (username: string): number => {
    const db = new Database(s.station.services.config.dbPath, { readonly: true });
    try {
      return db.prepare('SELECT count(*) FROM sessions JOIN users ON users.id = sessions.user_id WHERE username = ?').pluck().get(username) as number;
    } finally {
      db.close();
    }
  };
  const as = (method: string, extra: Record<string, string | boolean> = {}) => s.call(userApi(method, { _sid: admin, ...extra }));

  describe('list', () => {
    it('answers every account', async () => {
      const res = await as('list');
      expect(res.body).to.deep.equal({
        success: true,
        data: { users: [{ username: 'admin', is_admin: true, disabled: false, personal_library: true, created_at: Math.floor(s.clock.now() / 1000) }] },
      });
    });
  });

  describe('create', () => {
    it('adds a user who can log in', async () => {
      const res = await as('create', { username: 'bob', password: 'bob-pw' });
      expect(res.body.data).to.deep.include({ username: 'bob', is_admin: false, disabled: false });
      expect(rows()).to.deep.equal([
        { username: 'admin', is_admin: 1, disabled: 0 },
        { username: 'bob', is_admin: 0, disabled: 0 },
      ]);
      expect(await s.login('bob', 'bob-pw')).to.match(/^[0-9a-f]{32}$/);
    });

    it('never stores the password in clear', async () => {
      await as('create', { username: 'bob', password: 'bob-clear-pw' });
      const db = new Database(s.station.services.config.dbPath, { readonly: true });
      const stored = db.prepare("SELECT password FROM users WHERE username = 'bob'").pluck().get() as string;
      db.close();
      expect(stored)
        .to.match(/^scrypt\$/)
        .and.not.contain('bob-clear-pw');
    });

    it('answers 101 for a name that exists, in any case, and adds nothing', async () => {
      expect((await as('create', { username: 'ADMIN', password: 'x' })).body).to.deep.equal({ success: false, error: { code: 101 } });
      expect(rows()).to.have.length(1);
    });

    it('answers 101 for a name with a slash, and without a password', async () => {
      expect((await as('create', { username: 'a/b', password: 'x' })).body.error.code).to.equal(101);
      expect((await as('create', { username: 'carol' })).body.error.code).to.equal(101);
      expect(rows()).to.have.length(1);
    });
  });

  describe('edit', () => {
    let bob: string;
    beforeEach(async () => {
      await as('create', { username: 'bob', password: 'bob-pw' });
      bob = await s.login('bob', 'bob-pw');
    });

    it('makes a user an administrator', async () => {
      await as('edit', { username: 'bob', is_admin: 'true' });
      expect(rows()[1]).to.deep.equal({ username: 'bob', is_admin: 1, disabled: 0 });
      expect((await s.call(userApi('list', { _sid: bob }))).body.success).to.equal(true);
    });

    it('changes the password and ends the old sessions', async () => {
      expect((await as('edit', { username: 'bob', password: 'new-pw' })).body.success).to.equal(true);
      expect((await s.call({ ...checkauth(), _sid: bob })).body.error.code).to.equal(106);
      expect(await s.login('bob', 'new-pw')).to.be.a('string');
      expect((await s.call({ api: 'SYNO.PhotoStation.Auth', method: 'login', version: 1, username: 'bob', password: 'bob-pw' })).body.error.code).to.equal(407);
    });

    describe('with disabled=true', () => {
      beforeEach(async () => {
        expect((await as('edit', { username: 'bob', disabled: 'true' })).body.data.disabled).to.equal(true);
      });

      it("ends the account's sessions with 106", async () => {
        expect((await s.call({ ...checkauth(), _sid: bob })).body).to.deep.equal({ success: false, error: { code: 106 } });
        expect(sessionsOf('bob')).to.equal(0);
      });

      it('answers 408 to a login with the right password', async () => {
        const res = await s.call({ api: 'SYNO.PhotoStation.Auth', method: 'login', version: 1, username: 'bob', password: 'bob-pw' });
        expect(res.body).to.deep.equal({ success: false, error: { code: 408 } });
        expect(sessionsOf('bob')).to.equal(0);
      });

      it('lets the user in again once enabled', async () => {
        await as('edit', { username: 'bob', disabled: 'false' });
        expect(await s.login('bob', 'bob-pw')).to.be.a('string');
      });
    });

    it('answers 101 for an unknown user', async () => {
      expect((await as('edit', { username: 'nobody', is_admin: 'true' })).body.error.code).to.equal(101);
    });

    it('refuses to disable or demote the last administrator', async () => {
      expect((await as('edit', { username: 'admin', disabled: 'true' })).body.error.code).to.equal(101);
      expect((await as('edit', { username: 'admin', is_admin: 'false' })).body.error.code).to.equal(101);
      expect(rows()[0]).to.deep.equal({ username: 'admin', is_admin: 1, disabled: 0 });
    });
  });

  describe('delete', () => {
    it('removes the user and their sessions', async () => {
      await as('create', { username: 'bob', password: 'bob-pw' });
      const bob = await s.login('bob', 'bob-pw');
      expect((await as('delete', { username: 'bob' })).body).to.deep.equal({ success: true });
      expect(rows().map((r) => r.username)).to.deep.equal(['admin']);
      expect((await s.call({ ...checkauth(), _sid: bob })).body.error.code).to.equal(106);
    });

    it('refuses to delete the last administrator', async () => {
      expect((await as('delete', { username: 'admin' })).body).to.deep.equal({ success: false, error: { code: 101 } });
      expect(rows().map((r) => r.username)).to.deep.equal(['admin']);
    });

    it('deletes an administrator when another one remains', async () => {
      await as('create', { username: 'root2', password: 'pw', is_admin: 'true' });
      expect((await as('delete', { username: 'admin' })).body.success).to.equal(true);
      expect(rows().map((r) => r.username)).to.deep.equal(['root2']);
    });

    it('answers 101 for an unknown user', async () => {
      expect((await as('delete', { username: 'ghost' })).body.error.code).to.equal(101);
    });
  });

  describe('called by a user who is not an administrator', () => {
    let bob: string;
    beforeEach(async () => {
      await as('create', { username: 'bob', password: 'bob-pw' });
      bob = await s.login('bob', 'bob-pw');
    });

    for (const [method, extra] of [
      ['list', {}],
      ['create', { username: 'mallory', password: 'x', is_admin: 'true' }],
      ['edit', { username: 'bob', is_admin: 'true' }],
      ['delete', { username: 'admin' }],
    ] as const) {
      it(`answers 105 to ${method} and changes nothing`, async () => {
        const before = rows();
        const res = await s.call(userApi(method, { _sid: bob, ...extra }));
        expect(res.body).to.deep.equal({ success: false, error: { code: 105 } });
        expect(rows()).to.deep.equal(before);
      });
    }
  });
});
