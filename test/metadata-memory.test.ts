import { expect } from 'chai';
import exifr from 'exifr';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readMetadata } from '../src/library/metadata.ts';
import { fixtures } from './helpers/browse.ts';

/** exifr's cache of derived options: a module-level Map keyed by the options object, never evicted. */
type OptionsCache = { useCached: (options: unknown) => unknown };

describe('Reading metadata keeps nothing per file', () => {
  let dir: string;
  const cache = (exifr as unknown as { Options: OptionsCache }).Options;
  const original = cache.useCached;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ps-meta-'));
    for (let i = 0; i < 20; i++) copyFileSync(path.join(fixtures, 'exif.jpg'), path.join(dir, `e${i}.jpg`));
  });
  after(() => {
    cache.useCached = original;
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands exifr one options object for every file, so its cache holds one entry (it held one per file read)', async () => {
    const seen = new Set<unknown>();
    let calls = 0;
    cache.useCached = function (this: unknown, options: unknown) {
      calls++;
      seen.add(options);
      return original.call(this, options);
    };
    const metas = [];
    for (let i = 0; i < 20; i++) metas.push(await readMetadata(path.join(dir, `e${i}.jpg`), 'photo', 0));
    cache.useCached = original;
    // The files were really parsed (the fixture's EXIF orientation is 6).
    expect(metas.map((m) => m?.orientation)).to.deep.equal(Array(20).fill(6));
    expect(calls).to.be.at.least(20);
    expect(seen.size).to.equal(1);
  });
});
