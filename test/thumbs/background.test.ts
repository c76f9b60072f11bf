import { expect } from 'chai';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { thumbKey } from '../../src/thumbs/sizes.ts';
import { itemIdOf, startStation } from '../helpers/browse.ts';
import type { TestStation } from '../helpers/browse.ts';
import { getThumb, solid } from './images.ts';

describe('thumbnail generation in the background and on demand', function () {
  this.timeout(60_000);
  let t: TestStation;
  let admin: string;
  before(async () => {
    const a = await solid(640, 480);
    const b = await solid(480, 640);
    t = await startStation({ thumbBackground: true }, (root) => {
      mkdirSync(path.join(root, 'A'));
      writeFileSync(path.join(root, 'A', 'a.jpg'), a);
      writeFileSync(path.join(root, 'A', 'b.jpg'), b);
    });
    admin = await t.login('admin', 'admin-pw');
  });
  after(() => t.close());

  const made = (name: string) => {
    const { library, thumbs } = t.station.services;
    const row = library.items.get(library.albums.byPath('A')!.id, name)!;
    return existsSync(thumbs.cache.file(thumbKey(row), 'large'));
  };

  it('makes the thumbnails of what the start-up scan found, without any request', async () => {
    const until = Date.now() + 30_000;
    while (!(made('a.jpg') && made('b.jpg')) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect([made('a.jpg'), made('b.jpg')]).to.deep.equal([true, true]);
  });

  it('concurrent requests for a missing thumbnail share one generation and get the same bytes', async () => {
    writeFileSync(path.join(t.root, 'A', 'c.jpg'), await solid(800, 600));
    await t.rescan();
    const answers = await Promise.all(Array.from({ length: 6 }, () => getThumb(t, { id: itemIdOf('A', 'c.jpg'), size: 'small' }, { sid: admin })));
    for (const a of answers) {
      expect(a.headers.get('content-type')).to.equal('image/jpeg');
      expect(a.bytes.equals(answers[0]!.bytes)).to.equal(true);
    }
  });
});
