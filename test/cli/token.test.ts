import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkauth, startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run token -- ...`, without npm: the same script, spawned with tsx. */
function cli(dataDir: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['src/cli/token.ts', ...args], { cwd: root, env: { ...process.env, PHOTOSTATION_DATA: dataDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const withToken = (s: TestServer, token: string) => s.call(checkauth(), { headers: { Authorization: `Token token="${token}"` } });

describe('the token CLI', function () {
  this.timeout(60_000);
  let s: TestServer;
  before(async () => {
    // The command line signs with the wall clock: so must the server check.
    s = await startServer({ now: () => Date.now() });
  });
  after(() => s.close());

  it('creates a token the running server honours, lists it, and revokes it at once', async () => {
    const made = await cli(s.dataDir, ['create', 'admin', 'backup script', '{"*":["browse"]}', '--ttl=600']);
    expect(made.code, made.stderr).to.equal(0);
    const token = made.stdout.trim();
    expect(token.split('.')).to.have.length(3);
    const jti = /Created token (\S+) for admin/.exec(made.stderr)?.[1] as string;
    expect(jti).to.be.a('string');

    const ok = await withToken(s, token);
    expect(ok.body).to.have.property('success', true);
    expect(ok.body.data.username).to.equal('admin');

    const listed = await cli(s.dataDir, ['list']);
    expect(listed.code).to.equal(0);
    expect(listed.stdout).to.match(new RegExp(`^${jti}\\tadmin\\tbackup script\\t\\S+\\tlive\\t\\{"\\*":\\["browse"\\]\\}$`, 'm'));
    expect(listed.stdout).not.to.contain(token);

    const revoked = await cli(s.dataDir, ['revoke', jti]);
    expect(revoked).to.deep.include({ code: 0, stdout: `Revoked ${jti} of admin\n` });
    expect((await withToken(s, token)).body.error?.code).to.equal(106);
    expect((await cli(s.dataDir, ['list', 'admin'])).stdout).to.contain('\trevoked\t');
  });

  it('refuses bad abilities, an unknown user and an unknown jti, storing nothing', async () => {
    const before = (await cli(s.dataDir, ['list'])).stdout;
    expect((await cli(s.dataDir, ['create', 'admin', 'x', '{"*":["fly"]}'])).code).to.equal(1);
    expect((await cli(s.dataDir, ['create', 'admin', 'x', 'not json'])).code).to.equal(2);
    expect((await cli(s.dataDir, ['create', 'nobody', 'x', '{"*":["browse"]}'])).code).to.equal(1);
    expect((await cli(s.dataDir, ['create', 'admin', 'x', '{"*":["browse"]}', '--ttl=5'])).code).to.equal(1);
    expect((await cli(s.dataDir, ['revoke', 'no-such-jti'])).code).to.equal(1);
    expect((await cli(s.dataDir, ['list'])).stdout).to.equal(before);
  });
});
