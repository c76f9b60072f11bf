import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createApp } from '../../src/app.ts';
import { makeConfig } from '../../src/config.ts';
import { halves, solid } from './images.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `npm run thumbs` as an operator runs it, in its own process, on a data folder. */
async function runThumbs(dataDir: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/thumbs.ts'], {
    cwd: repo,
    env: { ...process.env, PHOTOSTATION_DATA: dataDir, PHOTOSTATION_FFMPEG: 'off' },
  });
  return stdout;
}

function cacheNames(dataDir: string): string[] {
  const dir = path.join(dataDir, 'thumbs');
  return readdirSync(dir).flatMap((shard) => readdirSync(path.join(dir, shard)));
}

describe('npm run thumbs', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ps-thumbs-cli-'));
    const root = path.join(dir, 'photo', 'A');
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, 'a.jpg'), await halves(800, 600));
    writeFileSync(path.join(root, 'b.png'), await solid(300, 200, 'png'));
    writeFileSync(path.join(root, 'broken.jpg'), 'not a picture at all');
    writeFileSync(path.join(root, 'v.mp4'), 'a video');
    // The index, as a server's start-up scan leaves it.
    const station = await createApp(makeConfig(dir, { adminPassword: 'pw' }));
    await station.services.scanner.done;
    await station.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('makes every missing thumbnail and says how many were made, skipped and undecodable', async () => {
    const out = await runThumbs(dir);
    expect(out).to.match(/2 made, 1 skipped, 1 undecodable/);
    const names = cacheNames(dir);
    expect(names.filter((n) => n.endsWith('.jpg'))).to.have.length(6);
    expect(names.filter((n) => n.endsWith('.bad'))).to.have.length(1);
  });

  it('a second run makes nothing', async () => {
    expect(await runThumbs(dir)).to.match(/0 made, 3 skipped, 1 undecodable/);
  });

  it('removes the thumbnails of a photo that left the library', async () => {
    rmSync(path.join(dir, 'photo', 'A', 'a.jpg'));
    const station = await createApp(makeConfig(dir, { adminPassword: 'pw' }));
    await station.services.scanner.done;
    await station.close();
    const out = await runThumbs(dir);
    expect(out).to.match(/0 made, 2 skipped, 1 undecodable/);
    expect(out).to.match(/3 unused cache files removed/);
    expect(cacheNames(dir).filter((n) => n.endsWith('.jpg'))).to.have.length(3);
  });
});
