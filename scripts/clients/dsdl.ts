/**
 * Runs a real third-party tag client, dsdl (schnatterer/dsdl, formerly photostationtagdownloader:
 * "downloads all tagged photos from a Photo Station"), against this server and checks what it
 * wrote. The client is not ours and is not committed: point PHOTOSTATION_DSDL at a checkout with
 * its dependencies installed (`npm install --omit=dev`). Its `photo` command logs in through
 * auth.php, lists the desc tags (tag.php), lists each tag's photos (photo.php, filter_tag) and
 * downloads each one (download.php) into <output>/<tag>/<file>.
 *
 *   PHOTOSTATION_DSDL=/path/to/dsdl npm run client:dsdl
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runScenario } from './outcome.ts';
import { ChildServer } from '../../test/helpers/child-server.ts';
import { taggedJpeg } from '../../test/helpers/tagged-jpeg.ts';

const client = process.env.PHOTOSTATION_DSDL;
if (!client || !existsSync(path.join(client, 'src', 'cli', 'dsdl.js')) || !existsSync(path.join(client, 'node_modules', 'node-fetch'))) {
  console.error('Set PHOTOSTATION_DSDL to a checkout of schnatterer/dsdl with its dependencies installed (a folder holding src/cli/dsdl.js and node_modules).');
  process.exit(2);
}

// Keywords in the files become desc tags when the start-up scan reads them (SPEC §15).
const files: Record<string, Buffer> = {
  'ribeira.jpg': await taggedJpeg(undefined, ['Porto']),
  'foz.jpg': await taggedJpeg(undefined, ['Porto', 'Atlantic']),
  'untagged.jpg': await taggedJpeg(undefined),
};
const data = mkdtempSync(path.join(os.tmpdir(), 'ps-dsdl-'));
const album = path.join(data, 'photo', 'trip');
mkdirSync(album, { recursive: true });
for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(album, name), bytes);

const server = await ChildServer.start(data, { PHOTOSTATION_THUMB_BACKGROUND: '0' });
const out = mkdtempSync(path.join(os.tmpdir(), 'ps-dsdl-out-'));
await runScenario(
  async () => {
    const sid = await server.login();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const tags = await server.call({ api: 'SYNO.PhotoStation.Tag', method: 'list', type: 'desc', offset: '0', limit: '-1' }, sid);
      if (tags.success && tags.data.total === 2) break;
      if (Date.now() > deadline) throw new Error(`the scan did not make the two desc tags: ${JSON.stringify(tags)}`);
      await new Promise((r) => setTimeout(r, 250));
    }

    // dsdl appends /webapi to the URL it is given; it asks for the password on stdin.
    const url = server.url.replace(/\/webapi\/entry\.cgi$/, '');
    const run = spawnSync(process.execPath, [path.join(client, 'src', 'cli', 'dsdl.js'), 'photo', '--user', 'admin', '--output', out, url], {
      input: 'admin-pw\n',
      encoding: 'utf8',
      timeout: 120_000,
    });
    process.stdout.write(run.stdout);
    process.stderr.write(run.stderr);
    if (run.status !== 0) throw new Error(`dsdl failed (exit ${run.status})`);

    let checks = 0;
    const check = (ok: boolean, what: string) => {
      if (!ok) throw new Error(`FAILED: ${what}`);
      checks++;
      console.log(`ok  ${what}`);
    };
    check(/Processed 2 tags\s+\(of which 0 failed\),\s*containing 3 files \(downloaded 3, skipped 0, failed 0\)/.test(run.stdout), 'dsdl reports 2 tags, 3 files, all downloaded');
    check(readdirSync(out).sort().join() === 'Atlantic,Porto', 'one folder per desc tag: Atlantic, Porto');
    check(readdirSync(path.join(out, 'Porto')).sort().join() === 'foz.jpg,ribeira.jpg', 'Porto holds the two photos keyworded Porto');
    check(readdirSync(path.join(out, 'Atlantic')).join() === 'foz.jpg', 'Atlantic holds only foz.jpg');
    for (const [tag, name] of [
      ['Porto', 'ribeira.jpg'],
      ['Porto', 'foz.jpg'],
      ['Atlantic', 'foz.jpg'],
    ] as const) {
      check(readFileSync(path.join(out, tag, name)).equals(files[name] as Buffer), `${tag}/${name} is byte-equal to the original`);
    }
    check(readdirSync(album).sort().join() === 'foz.jpg,ribeira.jpg,untagged.jpg', 'the album on the server is untouched');
    console.log(`ALL ${checks} CHECKS PASSED`);
  },
  async () => {
    await server.kill('SIGTERM');
    rmSync(data, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  },
);
