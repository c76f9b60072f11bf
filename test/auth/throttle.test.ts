import { expect } from 'chai';
import { ADMIN_PASSWORD, startServer, userApi } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';

const MINUTE = 60_000;

/**
 * SPEC §5: five failed logins for one username or one client address within 15 minutes block it.
 * The server trusts X-Forwarded-For here, so that each test can choose its client address.
 */
describe('login throttling', () => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startServer({ trustProxy: true });
    const admin = await s.login('admin', ADMIN_PASSWORD);
    await s.call(userApi('create', { _sid: admin, username: 'alice', password: 'alice-pw' }));
  });
  afterEach(() => s.close());

  const attempt = (username: string, password: string, from: string) =>
    s.call({ api: 'SYNO.PhotoStation.Auth', method: 'login', version: 1, username, password }, { headers: { 'X-Forwarded-For': from } });

  describe('after 5 failed logins for one username, each from another address', () => {
    beforeEach(async () => {
      for (let i = 1; i <= 5; i++) expect((await attempt('alice', 'wrong', `10.0.0.${i}`)).body.error.code).to.equal(407);
    });

    it('answers 410 even with the right password, from a fresh address', async () => {
      expect((await attempt('alice', 'alice-pw', '10.0.1.1')).body).to.deep.equal({ success: false, error: { code: 410 } });
    });

    it('answers 410 to the username in another case', async () => {
      expect((await attempt('ALICE', 'alice-pw', '10.0.1.1')).body.error.code).to.equal(410);
    });

    it('still lets another user log in from a fresh address', async () => {
      expect((await attempt('admin', ADMIN_PASSWORD, '10.0.1.1')).body.success).to.equal(true);
    });

    it('lets the user in again once the 15-minute window has passed', async () => {
      s.clock.advance(14 * MINUTE);
      expect((await attempt('alice', 'alice-pw', '10.0.1.1')).body.error.code).to.equal(410);
      s.clock.advance(MINUTE);
      expect((await attempt('alice', 'alice-pw', '10.0.1.1')).body.success).to.equal(true);
    });
  });

  describe('after 4 failed logins for one username', () => {
    it('still lets the right password in', async () => {
      for (let i = 1; i <= 4; i++) await attempt('alice', 'wrong', `10.0.0.${i}`);
      expect((await attempt('alice', 'alice-pw', '10.0.0.9')).body.success).to.equal(true);
    });
  });

  describe('after 5 failed logins from one address, each for another username', () => {
    beforeEach(async () => {
      for (const name of ['u1', 'u2', 'u3', 'u4', 'u5']) expect((await attempt(name, 'wrong', '10.9.9.9')).body.error.code).to.equal(407);
    });

    it('answers 410 to a right password from that address', async () => {
      expect((await attempt('admin', ADMIN_PASSWORD, '10.9.9.9')).body).to.deep.equal({ success: false, error: { code: 410 } });
    });

    it('still lets the same user in from another address', async () => {
      expect((await attempt('admin', ADMIN_PASSWORD, '10.9.9.8')).body.success).to.equal(true);
    });

    it('lets the address in again after the window', async () => {
      s.clock.advance(15 * MINUTE);
      expect((await attempt('admin', ADMIN_PASSWORD, '10.9.9.9')).body.success).to.equal(true);
    });
  });

  describe('without a trusted proxy', () => {
    it('counts the socket address, not X-Forwarded-For', async () => {
      const plain = await startServer();
      try {
        for (let i = 1; i <= 5; i++) {
          await plain.call({ api: 'SYNO.PhotoStation.Auth', method: 'login', version: 1, username: `x${i}`, password: 'wrong' }, { headers: { 'X-Forwarded-For': `10.1.1.${i}` } });
        }
        const res = await plain.call(
          { api: 'SYNO.PhotoStation.Auth', method: 'login', version: 1, username: 'admin', password: ADMIN_PASSWORD },
          { headers: { 'X-Forwarded-For': '10.1.1.99' } },
        );
        expect(res.body.error.code).to.equal(410);
      } finally {
        await plain.close();
      }
    });
  });
});
