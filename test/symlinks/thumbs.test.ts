import { expect } from 'chai';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { albumIdOf, itemIdOf, startStation } from '../helpers/browse.ts';
import type { TestStation } from '../helpers/browse.ts';
import { getThumb, solid } from '../thumbs/images.ts';

/**
 * A thumbnail is a read of a file: it must never read through a link out of the photo root,
 * whether the link replaced the file or a folder on the way after the scan indexed it (the
 * shared link-safe open of src/library/safe-open.ts).
 */
describe('Symlinks: thumbnails never read through a link', function () {
  this.timeout(60_000);
  let t: TestStation;
  let admin: string;
  let outside: string;

  before(async () => {
    outside = mkdtempSync(path.join(os.tmpdir(), 'ps-outside-'));
    mkdirSync(path.join(outside, 'B'));
    // Outside pictures have a size no inside picture has: a thumbnail of that size is a leak.
    writeFileSync(path.join(outside, 'secret.jpg'), await solid(333, 222));
    writeFileSync(path.join(outside, 'B', 'b.jpg'), await solid(333, 222));
    const inside = await solid(100, 80);
    t = await startStation({}, (root) => {
      for (const rel of ['A/a.jpg', 'B/b.jpg', 'C/c.jpg']) {
        mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        writeFileSync(path.join(root, rel), inside);
      }
    });
    admin = await t.login('admin', 'admin-pw');
  });
  after(async () => {
    await t.close();
    rmSync(outside, { recursive: true, force: true });
  });

  it('a file swapped for a link after the scan: 504, nothing read', async () => {
    const file = path.join(t.root, 'A', 'a.jpg');
    unlinkSync(file);
    symlinkSync(path.join(outside, 'secret.jpg'), file);
    const res = await getThumb(t, { id: itemIdOf('A', 'a.jpg') }, { sid: admin });
    expect(res.json?.error?.code).to.equal(504);
  });

  it('a folder on the way swapped for a link: 504 for its items and as an album cover', async () => {
    renameSync(path.join(t.root, 'B'), path.join(t.root, 'B.away'));
    symlinkSync(path.join(outside, 'B'), path.join(t.root, 'B'));
    expect((await getThumb(t, { id: itemIdOf('B', 'b.jpg') }, { sid: admin })).json?.error?.code).to.equal(504);
    expect((await getThumb(t, { id: albumIdOf('B') }, { sid: admin })).json?.error?.code).to.equal(504);
  });

  it('the photo root itself stays readable: an untouched album still answers', async () => {
    const res = await getThumb(t, { id: itemIdOf('C', 'c.jpg') }, { sid: admin });
    expect(res.headers.get('content-type')).to.equal('image/jpeg');
  });
});
