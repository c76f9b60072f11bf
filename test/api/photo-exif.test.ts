import { expect } from 'chai';
import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { itemId } from '../../src/library/ids.ts';
import { fixtures, startStation } from '../helpers/browse.ts';
import type { TestStation } from '../helpers/browse.ts';

const PHOTO = 'SYNO.PhotoStation.Photo';

describe('Photo.getexif (SPEC §15)', () => {
  let t: TestStation;
  let admin: string;
  before(async () => {
    t = await startStation({}, (root) => {
      mkdirSync(path.join(root, 'A'));
      mkdirSync(path.join(root, 'B'));
      copyFileSync(path.join(fixtures, 'exif.jpg'), path.join(root, 'A', 'eiffel.jpg'));
      copyFileSync(path.join(fixtures, 'plain.png'), path.join(root, 'A', 'plain.png'));
      copyFileSync(path.join(fixtures, 'exif.jpg'), path.join(root, 'B', 'hidden.jpg'));
      writeFileSync(path.join(root, 'A', 'v.mp4'), 'video');
    });
    admin = await t.login('admin', 'admin-pw');
    await t.addUser('bob', 'bob-pw');
    t.grant('bob', 'A', { browse: true });
  });
  after(() => t.close());

  it("answers the file's EXIF as labelled lines", async () => {
    const r = await t.call(PHOTO, 'getexif', { id: itemId('A', 'eiffel.jpg', 'photo') }, admin);
    expect(r.data).to.deep.equal({
      total: 6,
      exifs: [
        { label: 'Date taken', value: '2007-05-12 10:30:45' },
        { label: 'Camera make', value: 'TestCam' },
        { label: 'Camera model', value: 'Fixture 1' },
        { label: 'ISO', value: '200' },
        { label: 'Latitude', value: '48.8584' },
        { label: 'Longitude', value: '2.2945' },
      ],
    });
  });

  it('answers no lines for a file without EXIF and for a video', async () => {
    expect((await t.call(PHOTO, 'getexif', { id: itemId('A', 'plain.png', 'photo') }, admin)).data).to.deep.equal({ total: 0, exifs: [] });
    expect((await t.call(PHOTO, 'getexif', { id: itemId('A', 'v.mp4', 'video') }, admin)).data).to.deep.equal({ total: 0, exifs: [] });
  });

  it('takes the browse right (457), a real item (456)', async () => {
    const bob = await t.login('bob', 'bob-pw');
    expect((await t.call(PHOTO, 'getexif', { id: itemId('A', 'eiffel.jpg', 'photo') }, bob)).data.total).to.equal(6);
    expect(await t.call(PHOTO, 'getexif', { id: itemId('B', 'hidden.jpg', 'photo') }, bob)).to.deep.equal({ success: false, error: { code: 457 } });
    expect(await t.call(PHOTO, 'getexif', { id: itemId('A', 'nope.jpg', 'photo') }, admin)).to.deep.equal({ success: false, error: { code: 456 } });
    expect(await t.call(PHOTO, 'getexif', { id: 'photo_zz' }, admin)).to.deep.equal({ success: false, error: { code: 456 } });
  });

  it('reads nothing through a link swapped in for the file', async () => {
    const file = path.join(t.root, 'A', 'eiffel.jpg');
    rmSync(file);
    symlinkSync(path.join(t.root, 'B', 'hidden.jpg'), file);
    expect((await t.call(PHOTO, 'getexif', { id: itemId('A', 'eiffel.jpg', 'photo') }, admin)).data).to.deep.equal({ total: 0, exifs: [] });
  });
});
