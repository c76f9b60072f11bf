import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MetadataPass } from '../src/library/scan-metadata.ts';
import { StructurePass } from '../src/library/scan-structure.ts';
import { fixtures, startStation } from './helpers/browse.ts';
import type { TestStation } from './helpers/browse.ts';

/** The EXIF fixture with a 65 000-byte APP2 segment between SOI and its EXIF block. */
function exifPushedBack(): Buffer {
  const jpeg = readFileSync(path.join(fixtures, 'exif.jpg'));
  const length = 65_000;
  const app2 = Buffer.alloc(2 + length);
  app2.writeUInt16BE(0xffe2, 0);
  app2.writeUInt16BE(length, 2);
  return Buffer.concat([jpeg.subarray(0, 2), app2, jpeg.subarray(2)]);
}

describe('The metadata pass reading files', () => {
  let t: TestStation;
  let outside: string;
  const row = (name: string) => t.station.services.db.prepare('SELECT * FROM items WHERE name = ?').get(name) as Record<string, unknown>;
  before(async () => {
    outside = mkdtempSync(path.join(os.tmpdir(), 'ps-outside-'));
    writeFileSync(path.join(outside, 'secret.jpg'), readFileSync(path.join(fixtures, 'exif.jpg')));
    t = await startStation({}, (root) => {
      writeFileSync(path.join(root, 'late-exif.jpg'), exifPushedBack());
    });
  });
  after(async () => {
    await t.close();
    rmSync(outside, { recursive: true, force: true });
  });

  it('finds EXIF and the pixel size past the first 64 KiB of a file', () => {
    expect(row('late-exif.jpg')).to.include({ width: 8, height: 6, orientation: 6, title: 'Eiffel fixture', meta_pending: 0 });
  });

  describe('when a file becomes a link between the structural pass and the metadata pass', () => {
    before(async () => {
      const { library } = t.station.services;
      writeFileSync(path.join(t.root, 'swapped.jpg'), 'x'.repeat(4096)); // larger than the target: its size does not limit the read
      await new StructurePass(library).run(
        () => {},
        () => false,
      );
      rmSync(path.join(t.root, 'swapped.jpg'));
      symlinkSync(path.join(outside, 'secret.jpg'), path.join(t.root, 'swapped.jpg'));
      await new MetadataPass(library).run(
        () => {},
        () => false,
      );
    });

    it('does not read through the link: the row keeps no metadata of the target', () => {
      expect(row('swapped.jpg')).to.include({ width: 0, height: 0, exif: null, title: '', lat: null, meta_pending: 0 });
    });
  });
});
