import { createHash } from 'node:crypto';
import { rmSync, symlinkSync } from 'node:fs';
import { expect } from 'chai';
import { albumId, itemId } from '../../src/library/ids.ts';
import { download, envelope, unzip } from '../helpers/download.ts';
import { eachLinkedLibrary, fileHashes } from '../helpers/outside.ts';
import type { LinkedLibrary } from '../helpers/outside.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** No download and no archive ever reads through a link out of the photo root (test/helpers/outside.ts). */
describe('Symlinks: Download never serves a file through a link', function () {
  this.timeout(60_000);
  const linked = eachLinkedLibrary(false);
  let t: LinkedLibrary;
  /** The bytes of every file of every archive entry, hashed: none may be a file of the sandbox. */
  const outsideIn = (zip: Buffer): string[] => {
    const outside = fileHashes(t.out.dir);
    return unzip(zip)
      .filter((e) => outside.has(sha(e.data)))
      .map((e) => e.name);
  };

  beforeEach(async () => {
    t = linked.current();
    await t.f.station.services.scanner.scan();
  });

  it('ids of things reached only through a link answer 506', async () => {
    for (const id of [itemId('Evil', 'o1.jpg', 'photo'), itemId('A/link', 'o1.jpg', 'photo'), itemId('A', 'evil.jpg', 'photo')]) {
      expect(envelope(await download(t.f, 'getphoto', { id })), id).to.deep.equal({ success: false, error: { code: 506 } });
    }
    for (const id of [albumId('Evil'), albumId('A/link')]) {
      expect(envelope(await download(t.f, 'getitem', { id })), id).to.deep.equal({ success: false, error: { code: 506 } });
    }
  });

  it('an indexed file replaced by a link after the scan: getphoto 506, and the archive of its album leaves it out', async () => {
    rmSync(t.abs('A/a.jpg'));
    symlinkSync(t.out.p('outside.jpg'), t.abs('A/a.jpg'));
    expect(envelope(await download(t.f, 'getphoto', { id: itemId('A', 'a.jpg', 'photo') }))).to.deep.equal({ success: false, error: { code: 506 } });
    const zip = await download(t.f, 'getitem', { id: albumId('A') });
    expect(unzip(zip.body).map((e) => e.name)).to.deep.equal(['A/', 'A/f.jpg', 'A/Sub/', 'A/Sub/s.jpg']);
    expect(outsideIn(zip.body)).to.deep.equal([]);
  });

  it('an indexed album replaced by a link to a twin folder: nothing of it is served, in a download or an archive of the root', async () => {
    t.swapT();
    for (const id of [itemId('T', 't.jpg', 'photo'), itemId('T/Inner', 'i.jpg', 'photo')]) {
      expect(envelope(await download(t.f, 'getphoto', { id })), id).to.deep.equal({ success: false, error: { code: 506 } });
    }
    const zip = await download(t.f, 'getitem', { id: '' });
    const names = unzip(zip.body).map((e) => e.name);
    expect(names).to.include.members(['A/a.jpg', 'A/Sub/s.jpg']);
    expect(names.filter((n) => n.startsWith('T/') && !n.endsWith('/'))).to.deep.equal([]);
    expect(outsideIn(zip.body)).to.deep.equal([]);
  });
});
