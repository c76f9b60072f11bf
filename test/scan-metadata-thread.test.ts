import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFileFacts } from '../src/library/metadata.ts';
import { metadataThreadUp } from '../src/library/metadata-thread.ts';
import { MetadataPass } from '../src/library/scan-metadata.ts';
import type { MetadataReport } from '../src/library/scan-metadata.ts';
import { fixtures, startStation } from './helpers/browse.ts';
import type { TestStation } from './helpers/browse.ts';

/** The EXIF fixture followed by `extra` bytes: files that parse alike but differ in size. */
function photo(extra: number): Buffer {
  return Buffer.concat([readFileSync(path.join(fixtures, 'exif.jpg')), Buffer.alloc(extra, 0x20)]);
}

describe('The metadata pass with files read on the metadata thread', () => {
  let t: TestStation;
  let outside: string;
  let report: MetadataReport;
  const fixtureSize = readFileSync(path.join(fixtures, 'exif.jpg')).length;
  const row = (name: string) =>
    t.station.services.db.prepare('SELECT size, width, height, orientation, title, meta_pending FROM items WHERE name = ?').get(name) as Record<string, unknown> | undefined;

  before(async () => {
    expect(await metadataThreadUp(), 'the metadata thread starts').to.equal(true);
    outside = mkdtempSync(path.join(os.tmpdir(), 'ps-outside-'));
    writeFileSync(path.join(outside, 'secret.jpg'), photo(0));
    t = await startStation();
    const dir = path.join(t.root, 'Many');
    mkdirSync(dir);
    // More than two batches of 256, each file its own size, so an answer given to the wrong row shows.
    for (let i = 0; i < 600; i++) writeFileSync(path.join(dir, `IMG_${i}.jpg`), photo(i));
    writeFileSync(path.join(dir, 'broken.jpg'), 'not a jpeg');
    writeFileSync(path.join(dir, 'swapped.jpg'), 'x'.repeat(50));
    await t.station.services.scanner.scan({ structureOnly: true });
    // Between the passes the file becomes a link out of the root: it must not be read through.
    rmSync(path.join(dir, 'swapped.jpg'));
    symlinkSync(path.join(outside, 'secret.jpg'), path.join(dir, 'swapped.jpg'));
    report = await new MetadataPass(t.station.services.library).run(
      () => {},
      () => false,
    );
  });
  after(async () => {
    await t.close();
    rmSync(outside, { recursive: true, force: true });
  });

  it('reads every pending file there, in batches', () => {
    expect(report).to.include({ read: 602, onThread: 602 });
  });

  it('fills each row with what its own file holds', () => {
    for (let i = 0; i < 600; i++) {
      expect(row(`IMG_${i}.jpg`), `IMG_${i}.jpg`).to.deep.equal({ size: fixtureSize + i, width: 8, height: 6, orientation: 6, title: 'Eiffel fixture', meta_pending: 0 });
    }
    expect(row('broken.jpg')).to.include({ size: 10, width: 0, meta_pending: 0 });
  });

  it('does not read through a file that became a link between the passes', () => {
    expect(row('swapped.jpg')).to.include({ width: 0, title: '' });
    expect(t.station.services.db.prepare("SELECT count(*) FROM items WHERE title = 'Eiffel fixture'").pluck().get()).to.equal(600);
  });
});

describe('Albums swapped by requests while the metadata pass reads their files', () => {
  let t: TestStation;
  before(async function () {
    this.timeout(60_000);
    expect(await metadataThreadUp()).to.equal(true);
    t = await startStation();
    for (const [album, extra] of [
      ['X', 0],
      ['Y', 5000],
    ] as const) {
      mkdirSync(path.join(t.root, album));
      for (let i = 0; i < 700; i++) writeFileSync(path.join(t.root, album, `IMG_${i}.jpg`), photo(extra + i));
    }
    await t.station.services.scanner.scan({ structureOnly: true });
    let swapped = false;
    const { albums } = t.station.services.library;
    const rename = (from: string, to: string) => {
      // What Album.edit does, done here synchronously so it lands while the next batch is being read.
      renameSync(path.join(t.root, from), path.join(t.root, to));
      albums.move(albums.byPath(from)!, albums.root(), to);
    };
    await t.station.services.scanner.run({
      onProgress: (p) => {
        if (p.phase !== 'metadata' || swapped) return;
        swapped = true;
        // The first batch is written and the second (more of X's files) is out to be read:
        // X becomes Z, then Y becomes X, so X's old paths now hold Y's files.
        rename('X', 'Z');
        rename('Y', 'X');
      },
    }).finished;
    expect(swapped).to.equal(true);
  });
  after(() => t.close());

  it('writes into each row only what its own file holds; a row it could not be sure of stays pending', () => {
    expect(existsSyncRoot(t, 'Z') && existsSyncRoot(t, 'X')).to.equal(true);
    const rows = t.station.services.db.prepare('SELECT a.path, i.name, i.size, i.meta_pending FROM items i JOIN albums a ON a.id = i.album_id').all() as Array<{
      path: string;
      name: string;
      size: number;
      meta_pending: number;
    }>;
    expect(rows).to.have.length(1400);
    const written = rows.filter((r) => r.meta_pending === 0);
    expect(written.length, 'rows written').to.be.greaterThan(0);
    for (const r of written) expect(r.size, `${r.path}/${r.name}`).to.equal(statSync(path.join(t.root, r.path, r.name)).size);
  });
});

function existsSyncRoot(t: TestStation, rel: string): boolean {
  try {
    return statSync(path.join(t.root, rel)).isDirectory();
  } catch {
    return false;
  }
}

describe('Reading a file whose folder became a link after the scan checked the way', () => {
  let root: string;
  let outside: string;
  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'ps-root-'));
    outside = mkdtempSync(path.join(os.tmpdir(), 'ps-outside-'));
    mkdirSync(path.join(root, 'Real'));
    writeFileSync(path.join(root, 'Real', 'a.jpg'), photo(0));
    writeFileSync(path.join(outside, 'a.jpg'), photo(0));
    // The album folder A, checked and then swapped for a link out of the root.
    symlinkSync(outside, path.join(root, 'A'));
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('reads nothing through the link: the file did not open at its place under the root', async () => {
    const real = path.join(realpathSync(root), 'A', 'a.jpg');
    expect(await readFileFacts(path.join(root, 'A', 'a.jpg'), 'photo', undefined, real)).to.equal(undefined);
  });

  it('takes not even the size and mtime of a video through the link', async () => {
    writeFileSync(path.join(outside, 'clip.mp4'), 'v'.repeat(77));
    const real = path.join(realpathSync(root), 'A', 'clip.mp4');
    expect(await readFileFacts(path.join(root, 'A', 'clip.mp4'), 'video', undefined, real)).to.equal(undefined);
  });

  it('reads a file that opened where it should', async () => {
    const real = path.join(realpathSync(root), 'Real', 'a.jpg');
    expect((await readFileFacts(path.join(root, 'Real', 'a.jpg'), 'photo', undefined, real))?.meta).to.include({ width: 8, title: 'Eiffel fixture' });
  });
});
