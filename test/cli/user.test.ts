import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_PASSWORD, checkauth, startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run user -- ...`, without npm: the same script, spawned with tsx. */
function cli(dataDir: string, args: string[], stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['src/cli/user.ts', ...args], { cwd: root, env: { ...process.env, PHOTOSTATION_DATA: dataDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const loginCode = async (s: TestServer, username: string, password: string) =>
  (await s.call({ api: 'SYNO.PhotoStation.Auth', method: 'login', version: 1, username, password })).body.error?.code ?? 0;

describe('the user CLI', function () {
  this.timeout(60_000);

  describe('on a data folder the server is running on', () => {
    let s: TestServer;
    before(async () => {
      s = await startServer();
    });
    after(() => s.close());

    it('adds a user who can then log in over HTTP', async () => {
      const run = await cli(s.dataDir, ['add', 'alice', 'alice-pw']);
      expect(run).to.deep.include({ code: 0, stdout: 'Created user alice\n' });
      expect(await loginCode(s, 'alice', 'alice-pw')).to.equal(0);
    });

    it('reads a password from standard input with `-`', async () => {
      const sid = await s.login('alice', 'alice-pw');
      // Used once, so that the running server holds the session in memory.
      expect((await s.call({ ...checkauth(), _sid: sid })).body.success).to.equal(true);
      expect((await cli(s.dataDir, ['passwd', 'alice', '-'], 'from-stdin\n')).code).to.equal(0);
      expect(await loginCode(s, 'alice', 'from-stdin')).to.equal(0);
      expect(await loginCode(s, 'alice', 'alice-pw')).to.equal(407);
      expect((await s.call({ ...checkauth(), _sid: sid })).body.error.code).to.equal(106);
    });

    it('disables an account: its sessions die and logins get 408', async () => {
      const sid = await s.login('alice', 'from-stdin');
      expect((await s.call({ ...checkauth(), _sid: sid })).body.success).to.equal(true);
      expect((await cli(s.dataDir, ['disable', 'alice'])).code).to.equal(0);
      expect((await s.call({ ...checkauth(), _sid: sid })).body.error.code).to.equal(106);
      expect(await loginCode(s, 'alice', 'from-stdin')).to.equal(408);
    });

    it('enables it again', async () => {
      expect((await cli(s.dataDir, ['enable', 'alice'])).code).to.equal(0);
      expect(await loginCode(s, 'alice', 'from-stdin')).to.equal(0);
    });

    it('switches her personal library off (its paths answer 404) and on again (SPEC §18)', async () => {
      const list = () => s.call({ api: 'SYNO.PhotoStation.Album', method: 'list', version: 1, offset: 0, limit: 1 }, { path: '/~alice/photo/webapi/entry.cgi' });
      expect((await list()).body.success).to.equal(true);
      expect((await cli(s.dataDir, ['library-off', 'alice'])).stdout).to.equal('Personal library of alice switched off\n');
      expect((await list()).status).to.equal(404);
      expect((await cli(s.dataDir, ['list'])).stdout).to.contain('alice\tuser\tenabled\tno-library\n');
      expect((await cli(s.dataDir, ['library-on', 'alice'])).code).to.equal(0);
      expect((await list()).body.success).to.equal(true);
    });

    it('lists every account with its role and state', async () => {
      await cli(s.dataDir, ['add', 'boss', 'boss-pw', '--admin']);
      const run = await cli(s.dataDir, ['list']);
      expect(run.stdout).to.equal('admin\tadmin\tenabled\nalice\tuser\tenabled\nboss\tadmin\tenabled\n');
      expect((await s.call(checkauth(), { headers: { Cookie: `PHPSESSID=${await s.login('boss', 'boss-pw')}` } })).body.data.is_admin).to.equal(true);
    });

    it('deletes an account, which then gets 407, and ends its sessions', async () => {
      const sid = await s.login('alice', 'from-stdin');
      expect((await s.call({ ...checkauth(), _sid: sid })).body.success).to.equal(true);
      expect((await cli(s.dataDir, ['delete', 'alice'])).stdout).to.equal('Deleted alice\n');
      expect(await loginCode(s, 'alice', 'from-stdin')).to.equal(407);
      expect((await s.call({ ...checkauth(), _sid: sid })).body.error.code).to.equal(106);
    });

    it('refuses a user that exists, with exit code 1 and a reason', async () => {
      const run = await cli(s.dataDir, ['add', 'admin', 'x']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.contain('exists already');
      expect(await loginCode(s, 'admin', ADMIN_PASSWORD)).to.equal(0);
    });

    it('refuses a missing password and an unknown command with exit code 2 and the usage', async () => {
      for (const args of [['add', 'dave'], ['frobnicate'], [], ['add', 'dave', 'pw', '--root']]) {
        const run = await cli(s.dataDir, args);
        expect(run.code, args.join(' ')).to.equal(2);
        expect(run.stderr).to.contain('Usage: npm run user');
      }
      expect(await loginCode(s, 'dave', 'pw')).to.equal(407);
    });
  });

  describe('on an empty data folder, without a server', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'ps-cli-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('creates the first administrator, whom the server then keeps', async () => {
      expect((await cli(dir, ['add', 'root', '-', '--admin'], 'root-pw')).code).to.equal(0);
      const s = await startServer({}, dir);
      try {
        expect(s.station.generatedAdminPassword).to.equal(undefined);
        expect(await loginCode(s, 'root', 'root-pw')).to.equal(0);
        expect(await loginCode(s, 'admin', ADMIN_PASSWORD)).to.equal(407);
      } finally {
        await s.close();
      }
    });

    it('refuses to delete or disable the last administrator', async () => {
      for (const command of ['delete', 'disable']) {
        const run = await cli(dir, [command, 'root']);
        expect(run.code).to.equal(1);
        expect(run.stderr).to.contain('last administrator');
      }
      expect((await cli(dir, ['list'])).stdout).to.equal('root\tadmin\tenabled\n');
    });
  });
});
