import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { metadataThreadUp } from '../src/library/metadata-thread.ts';
import { fixtures, startStation } from './helpers/browse.ts';
import type { TestStation } from './helpers/browse.ts';

describe('The metadata pass with files read on the metadata thread', () => {
  let t: TestStation;
  let outside: string;
  let report: Awaited<ReturnType<TestStation['station']['services']['scanner']['scan']>>;
  const row = (name: string) =>
    t.station.services.db.prepare('SELECT size, width, height, orientation, title, meta_pending FROM items WHERE name = ?').get(name) as Record<string, unknown> | undefined;

  before(async () => {
    expect(await metadataThreadUp(), 'the metadata thread starts').to.equal(true);
    outside = mkdtempSync(path.join(os.tmpdir(), 'ps-outside-'));
    writeFileSync(path.join(outside, 'secret.jpg'), readFileSync(path.join(fixtures, 'exif.jpg')));
    t = await startStation();
    const dir = path.join(t.root, 'Many');
    mkdirSync(dir);
    // More than one batch of 256, so one batch is read while the one before is written.
    for (let i = 0; i < 600; i++) copyFileSync(path.join(fixtures, 'exif.jpg'), path.join(dir, `IMG_${i}.jpg`));
    writeFileSync(path.join(dir, 'broken.jpg'), 'not a jpeg');
    symlinkSync(path.join(outside, 'secret.jpg'), path.join(dir, 'link.jpg'));
    report = await t.station.services.scanner.scan();
  });
  after(async () => {
    await t.close();
    rmSync(outside, { recursive: true, force: true });
  });

  it('reads every pending file there, in batches', () => {
    expect(report.metadata).to.include({ read: 601, onThread: 601 });
  });

  it('fills each row with what its file holds', () => {
    const size = readFileSync(path.join(fixtures, 'exif.jpg')).length;
    for (const name of ['IMG_0.jpg', 'IMG_255.jpg', 'IMG_256.jpg', 'IMG_599.jpg']) {
      expect(row(name), name).to.deep.equal({ size, width: 8, height: 6, orientation: 6, title: 'Eiffel fixture', meta_pending: 0 });
    }
    expect(row('broken.jpg')).to.include({ size: 10, width: 0, meta_pending: 0 });
  });

  it('never indexes the link, nor reads through it', () => {
    expect(row('link.jpg')).to.equal(undefined);
    expect(t.station.services.db.prepare("SELECT count(*) FROM items WHERE title = 'Eiffel fixture'").pluck().get()).to.equal(600);
  });
});
