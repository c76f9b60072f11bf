/**
 * Runs a real third-party client, the python `photostation` library, against this server and
 * checks the disk afterwards. The client is not ours and is not committed: point
 * PHOTOSTATION_PY_CLIENT at a checkout of a Python 3 fork (MichaelKlemm/python-photostation is
 * the one with thumbnails and comments). It needs python3 with `requests` and `requests_toolbelt`
 * (Debian: python3-requests-toolbelt; PHOTOSTATION_PYTHON names the interpreter, default python3).
 *
 *   PHOTOSTATION_PY_CLIENT=/path/to/python-photostation npm run client:python
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario } from './outcome.ts';
import { ChildServer } from '../../test/helpers/child-server.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const client = process.env.PHOTOSTATION_PY_CLIENT;
if (!client || !existsSync(path.join(client, 'photostation', 'service.py'))) {
  console.error('Set PHOTOSTATION_PY_CLIENT to a checkout of python-photostation (a folder holding photostation/service.py).');
  process.exit(2);
}

const jpegFile = path.join(here, '../../test/fixtures/exif.jpg');
const jpeg = readFileSync(jpegFile);

const data = mkdtempSync(path.join(os.tmpdir(), 'ps-pyclient-'));
// The README's two cases: the shared Photo Station at `/photo/webapi/` (the default), or the
// user's personal one at `/~admin/photo/webapi/` (PHOTOSTATION_PY_PERSONAL=1). The client sends
// `ps_username=<its login>` with every write and none with its listings: on the shared paths
// both must reach the shared library (src/webapi/spaces.ts).
const personal = process.env.PHOTOSTATION_PY_PERSONAL === '1';
const home = personal ? path.join(data, 'home', 'admin') : data;
mkdirSync(path.join(home, 'photo', 'clients'), { recursive: true });
let server = await ChildServer.start(data, { PHOTOSTATION_THUMB_BACKGROUND: '0' });
await runScenario(
  async () => {
    const webapi = server.url.replace('http://', 'http://admin:admin-pw@').replace('/photo/webapi/entry.cgi', personal ? '/~admin/photo/webapi/' : '/photo/webapi/');
    const work = mkdtempSync(path.join(os.tmpdir(), 'ps-pyclient-cwd-')); // the library pickles its cookies into the cwd
    const run = spawnSync(process.env.PHOTOSTATION_PYTHON ?? 'python3', [path.join(here, 'python_photostation_scenario.py'), webapi, 'clients', jpegFile], {
      cwd: work,
      env: { ...process.env, PYTHONPATH: client },
      encoding: 'utf8',
      timeout: 120_000,
    });
    process.stdout.write(run.stdout);
    process.stderr.write(run.stderr);
    rmSync(work, { recursive: true, force: true });
    if (run.status !== 0) throw new Error(`the client scenario failed (exit ${run.status})`);

    // What the client did must be on disk, not only in its answers.
    const album = path.join(home, 'photo', 'clients', '2026', '11', '29');
    const names = readdirSync(album).filter((n) => !n.startsWith('.') && n !== '@eaDir');
    if (names.join() !== 'sunset.jpg') throw new Error(`album holds ${JSON.stringify(names)}, expected only sunset.jpg`);
    if (!readFileSync(path.join(album, 'sunset.jpg')).equals(jpeg)) throw new Error('sunset.jpg on disk differs from the uploaded bytes');
    const trashed = readdirSync(path.join(home, 'trash')).filter((n) => readFileSync(path.join(home, 'trash', n)).equals(jpeg));
    if (trashed.length !== 1) throw new Error(`expected the deleted second.jpg in the trash once, found ${trashed.length} copies`);
    console.log(`disk: ${personal ? '~admin/' : ''}clients/2026/11/29 holds exactly sunset.jpg, byte-equal to the upload; second.jpg is in the trash`);

    // The tags live in the index, not in the file (compared above): a new server on the same data
    // must still find the desc tag the scenario left on sunset.jpg, and only it.
    await server.kill('SIGTERM');
    server = await ChildServer.start(data, { PHOTOSTATION_THUMB_BACKGROUND: '0' });
    const sid = await server.login();
    const hex = (s: string) => Buffer.from(s).toString('hex');
    const id = `photo_${hex('clients/2026/11/29')}_${hex('sunset.jpg')}`;
    const tags = await server.call({ api: 'SYNO.PhotoStation.PhotoTag', method: 'list', id, ...(personal ? { ps_username: 'admin' } : {}) }, sid);
    const onPhoto = tags.success ? (tags.data.tags as { type: string; name: string }[]).map((t) => `${t.type}:${t.name}`) : tags;
    if (JSON.stringify(onPhoto) !== '["desc:Atlantic"]') throw new Error(`after a restart sunset.jpg has the tags ${JSON.stringify(onPhoto)}, expected only desc:Atlantic`);
    console.log('index: after a restart sunset.jpg still carries exactly the desc tag Atlantic');
  },
  async () => {
    await server.kill('SIGTERM');
    rmSync(data, { recursive: true, force: true });
  },
);
