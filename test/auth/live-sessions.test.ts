import Database from 'better-sqlite3';
import { expect } from 'chai';
import { ADMIN_PASSWORD, checkauth, startServer, userApi } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';

const DAY = 24 * 3600_000;

/**
 * Dispatch answers a session it has seen from memory (src/auth/live.ts). Every test here first
 * uses the session, so that it is cached, then changes something and expects the next call to
 * see the change.
 */
describe('a session used a moment ago (cached by the server)', () => {
  let s: TestServer;
  let admin: string;
  let bob: string;
  beforeEach(async () => {
    s = await startServer();
    admin = await s.login('admin', ADMIN_PASSWORD);
    await s.call(userApi('create', { _sid: admin, username: 'bob', password: 'bob-pw' }));
    bob = await s.login('bob', 'bob-pw');
    expect((await s.call({ ...checkauth(), _sid: bob })).body.data).to.deep.include({ username: 'bob', is_admin: false });
  });
  afterEach(() => s.close());

  const code = async (sid: string) => (await s.call({ ...checkauth(), _sid: sid })).body.error?.code ?? 0;
  /** A second connection to the index, as the user CLI opens beside a running server. */
  const other = <T>(work: (db: Database.Database) => T): T => {
    const db = new Database(s.station.services.config.dbPath);
    try {
      return work(db);
    } finally {
      db.close();
    }
  };
  const lastSeen = (sid: string) => other((db) => db.prepare('SELECT last_seen FROM sessions WHERE sid = ?').pluck().get(sid) as number);

  describe('through this server', () => {
    it('is refused with 106 once logged out', async () => {
      await s.call({ api: 'SYNO.PhotoStation.Auth', method: 'logout', version: 1, _sid: bob });
      expect(await code(bob)).to.equal(106);
    });

    it('is refused with 106 once its user is disabled', async () => {
      await s.call(userApi('edit', { _sid: admin, username: 'bob', disabled: 'true' }));
      expect(await code(bob)).to.equal(106);
    });

    it("is refused with 106 once its user's password changed", async () => {
      await s.call(userApi('edit', { _sid: admin, username: 'bob', password: 'new-pw' }));
      expect(await code(bob)).to.equal(106);
    });

    it('is refused with 106 once its user is deleted', async () => {
      await s.call(userApi('delete', { _sid: admin, username: 'bob' }));
      expect(await code(bob)).to.equal(106);
    });

    it('gains administrator rights as soon as its user is made an administrator', async () => {
      expect((await s.call(userApi('list', { _sid: bob }))).body.error.code).to.equal(105);
      await s.call(userApi('edit', { _sid: admin, username: 'bob', is_admin: 'true' }));
      expect((await s.call(userApi('list', { _sid: bob }))).body.success).to.equal(true);
      expect((await s.call({ ...checkauth(), _sid: bob })).body.data.is_admin).to.equal(true);
    });
  });

  describe('through another connection to the index', () => {
    it('is refused with 106 once that connection disabled its user', async () => {
      other((db) => db.prepare("UPDATE users SET disabled = 1 WHERE username = 'bob'").run());
      expect(await code(bob)).to.equal(106);
    });

    it('is refused with 106 once that connection deleted the session', async () => {
      other((db) => db.prepare('DELETE FROM sessions WHERE sid = ?').run(bob));
      expect(await code(bob)).to.equal(106);
      expect(await code(admin)).to.equal(0);
    });
  });

  describe('as time passes', () => {
    it('ends after the idle timeout with 106, and is removed from the index', async () => {
      s.clock.advance(DAY + 1);
      expect(await code(bob)).to.equal(106);
      expect(other((db) => db.prepare('SELECT count(*) FROM sessions WHERE sid = ?').pluck().get(bob))).to.equal(0);
    });

    it('writes last_seen at most once a minute', async () => {
      const start = s.clock.now();
      s.clock.advance(30_000);
      expect(await code(bob)).to.equal(0);
      expect(lastSeen(bob)).to.equal(start);
      s.clock.advance(31_000);
      expect(await code(bob)).to.equal(0);
      expect(lastSeen(bob)).to.equal(start + 61_000);
      s.clock.advance(59_000);
      expect(await code(bob)).to.equal(0);
      expect(lastSeen(bob)).to.equal(start + 61_000);
    });

    it('counts the idle timeout from the last write of last_seen', async () => {
      s.clock.advance(DAY - 60_000);
      expect(await code(bob)).to.equal(0);
      s.clock.advance(DAY - 60_000);
      expect(await code(bob)).to.equal(0);
      s.clock.advance(DAY + 1);
      expect(await code(bob)).to.equal(106);
    });

    it('keeps a remember_me session past the idle timeout, and ends it after 30 days', async () => {
      const res = await s.call({ api: 'SYNO.PhotoStation.Auth', method: 'login', version: 1, username: 'bob', password: 'bob-pw', remember_me: 'true' });
      const sid = res.body.data.sid as string;
      expect(await code(sid)).to.equal(0);
      s.clock.advance(2 * DAY);
      expect(await code(sid)).to.equal(0);
      expect(await code(bob)).to.equal(106);
      s.clock.advance(30 * DAY + 1);
      expect(await code(sid)).to.equal(106);
    });
  });

  describe('with a short idle timeout (under the minute between writes of last_seen)', () => {
    let short: TestServer;
    beforeEach(async () => {
      short = await startServer({ sessionIdleMs: 10_000 });
    });
    afterEach(() => short.close());

    it('ends after that timeout although last_seen was not due for a write', async () => {
      const sid = await short.login('admin', ADMIN_PASSWORD);
      expect((await short.call({ ...checkauth(), _sid: sid })).body.success).to.equal(true);
      short.clock.advance(10_000);
      expect((await short.call({ ...checkauth(), _sid: sid })).body.success).to.equal(true);
      short.clock.advance(10_001);
      expect((await short.call({ ...checkauth(), _sid: sid })).body.error.code).to.equal(106);
    });
  });
});
