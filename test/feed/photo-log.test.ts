import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/open.ts';
import { PhotoLog } from '../../src/feed/photo-log.ts';

describe('PhotoLog (SPEC §15, the log of what was done)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'ps-photolog-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('logs a 100 000-id Photo.copy with the same detail as the whole serialised and cut, without serialising the whole', () => {
    const db = openDatabase(path.join(dir, 'library.db'));
    try {
      const log = new PhotoLog(db, () => 0);
      const id = Array.from({ length: 100_000 }, (_, i) => `photo_53_${i.toString(16).padStart(8, '0')}`);
      const title = 'é'.repeat(3_000);
      const params = { id, sharepath: 'album_44', mode: 'move', filename: title };
      const t = performance.now();
      log.noteCall('SYNO.PhotoStation.Photo', 'copy', 'ann', params, 0);
      const took = performance.now() - t;
      const row = db.prepare<[], { action: string; detail: string }>('SELECT action, detail FROM photo_log').get();
      const whole = JSON.stringify({ id, filename: title, sharepath: 'album_44', mode: 'move' });
      expect(row).to.deep.equal({ action: 'move', detail: `${whole.slice(0, 2000)}…` });
      // The whole list serialised is ~2.5 MB of JSON (tens of ms); cut first it is well under one.
      expect(took, 'ms').to.be.below(10);
    } finally {
      db.close();
    }
  });
});
