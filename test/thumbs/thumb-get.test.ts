import { expect } from 'chai';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hashPassword } from '../../src/auth/password.ts';
import { albumIdOf, itemIdOf, startStation } from '../helpers/browse.ts';
import type { TestStation } from '../helpers/browse.ts';
import { bmp, colourAt, dims, getThumb, halves, pixelBomb, solid, withAlpha } from './images.ts';

const ALBUM = 'SYNO.PhotoStation.Album';

/** Public: real pictures of every kind the tests need; Private, Locked (password "sesame"), Empty, Mover. */
async function library(): Promise<TestStation> {
  const files: Record<string, Buffer> = {
    'Public/wide.jpg': await halves(2000, 1500),
    'Public/o6.jpg': await halves(600, 400, 6),
    'Public/o8.jpg': await halves(600, 400, 8),
    'Public/alpha.png': await withAlpha(400, 300),
    'Public/one.png': await solid(1, 1, 'png'),
    'Public/pano.jpg': await solid(4000, 500),
    'Public/broken.jpg': Buffer.concat([(await solid(100, 100)).subarray(0, 20), Buffer.from('not the rest of a jpeg')]),
    'Public/bomb.png': pixelBomb(),
    'Public/pic.bmp': bmp(300, 200),
    'Public/anim.gif': await solid(200, 100, 'gif'),
    'Public/scan.tiff': await solid(500, 400, 'tiff'),
    'Private/p.jpg': await solid(400, 400),
    'Locked/l.jpg': await solid(400, 400),
    'Mover/Inner/m.jpg': await halves(800, 600),
  };
  const t = await startStation({}, (root) => {
    for (const [rel, bytes] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), bytes);
    }
    mkdirSync(path.join(root, 'Empty'));
    mkdirSync(path.join(root, 'Target'));
  });
  const { db } = t.station.services;
  for (const name of ['Public', 'Empty', 'Mover', 'Target']) db.prepare("UPDATE albums SET type = 'public' WHERE path = ?").run(name);
  db.prepare("UPDATE albums SET type = 'private' WHERE path = 'Private'").run();
  db.prepare("UPDATE albums SET type = 'password', password = ? WHERE path = 'Locked'").run(await hashPassword('sesame'));
  await t.addUser('alice', 'alice-pw');
  return t;
}

function cacheFiles(t: TestStation): string[] {
  const dir = t.station.services.config.thumbDir;
  const out: string[] = [];
  for (const shard of readdirSync(dir)) for (const name of readdirSync(path.join(dir, shard))) out.push(path.join(dir, shard, name));
  return out;
}

describe('SYNO.PhotoStation.Thumb.get', function () {
  this.timeout(60_000);
  let t: TestStation;
  let admin: string;
  let alice: string;
  before(async () => {
    t = await library();
    admin = await t.login('admin', 'admin-pw');
    alice = await t.login('alice', 'alice-pw');
  });
  after(() => t.close());

  describe('answers a JPEG whose shorter side is the size asked for, never enlarged', () => {
    const cases: Array<[string, string, number, number]> = [
      ['wide.jpg', 'preview', 213, 160],
      ['wide.jpg', 'small', 427, 320],
      ['wide.jpg', 'large', 1707, 1280],
      ['pano.jpg', 'preview', 1280, 160],
      ['pano.jpg', 'small', 2560, 320],
      ['pano.jpg', 'large', 4000, 500],
      ['one.png', 'preview', 1, 1],
      ['one.png', 'large', 1, 1],
      ['alpha.png', 'small', 400, 300],
      ['alpha.png', 'preview', 213, 160],
      ['pic.bmp', 'preview', 240, 160],
      ['anim.gif', 'preview', 200, 100],
      ['scan.tiff', 'small', 400, 320],
    ];
    for (const [name, size, w, h] of cases) {
      it(`${name} at ${size}: ${w}x${h}`, async () => {
        const res = await getThumb(t, { id: itemIdOf('Public', name), size }, { sid: admin });
        expect(res.status, res.bytes.toString().slice(0, 200)).to.equal(200);
        expect(res.headers.get('content-type')).to.equal('image/jpeg');
        expect(Number(res.headers.get('content-length'))).to.equal(res.bytes.length);
        expect(await dims(res.bytes)).to.deep.equal({ width: w, height: h, format: 'jpeg' });
      });
    }

    it('defaults to small', async () => {
      const res = await getThumb(t, { id: itemIdOf('Public', 'wide.jpg') }, { sid: admin });
      expect(await dims(res.bytes)).to.include({ width: 427, height: 320 });
    });

    it('flattens transparency onto white', async () => {
      const res = await getThumb(t, { id: itemIdOf('Public', 'alpha.png'), size: 'small' }, { sid: admin });
      const transparent = await colourAt(res.bytes, 0.9, 0.9);
      const opaque = await colourAt(res.bytes, 0.1, 0.1);
      expect(transparent.r).to.be.above(240);
      expect(opaque.r).to.be.below(20);
    });

    it('matches the dimensions thumb_size announced before it was made', async () => {
      const res = await t.call(ALBUM, 'list', { id: albumIdOf('Public'), offset: 0, limit: -1, additional: 'thumb_size' }, admin);
      for (const item of res.data.items) {
        if (['broken.jpg', 'bomb.png'].includes(item.info.name)) continue;
        for (const size of ['preview', 'small', 'large']) {
          const got = await dims((await getThumb(t, { id: item.id, size }, { sid: admin })).bytes);
          const said = item.additional.thumb_size[size];
          expect({ name: item.info.name, size, w: got.width, h: got.height }).to.deep.equal({ name: item.info.name, size, w: said.resolutionx, h: said.resolutiony });
        }
      }
    });
  });

  describe('applies the EXIF orientation', () => {
    it('6: turned a quarter clockwise, the left (red) half on top', async () => {
      const res = await getThumb(t, { id: itemIdOf('Public', 'o6.jpg'), size: 'small' }, { sid: admin });
      expect(await dims(res.bytes)).to.include({ width: 320, height: 480 });
      expect((await colourAt(res.bytes, 0.5, 0.1)).r).to.be.above(200);
      expect((await colourAt(res.bytes, 0.5, 0.9)).b).to.be.above(200);
    });

    it('8: turned a quarter counter-clockwise, the left (red) half at the bottom', async () => {
      const res = await getThumb(t, { id: itemIdOf('Public', 'o8.jpg'), size: 'small' }, { sid: admin });
      expect(await dims(res.bytes)).to.include({ width: 320, height: 480 });
      expect((await colourAt(res.bytes, 0.5, 0.9)).r).to.be.above(200);
      expect((await colourAt(res.bytes, 0.5, 0.1)).b).to.be.above(200);
    });
  });

  describe('caching', () => {
    it('sends a strong ETag, Last-Modified and a year of private caching', async () => {
      const res = await getThumb(t, { id: itemIdOf('Public', 'wide.jpg'), size: 'preview' }, { sid: admin });
      expect(res.headers.get('etag')).to.match(/^"[0-9a-f]+-preview"$/);
      expect(res.headers.get('cache-control')).to.equal('private, max-age=31536000');
      expect(Number.isNaN(Date.parse(res.headers.get('last-modified') ?? ''))).to.equal(false);
    });

    it('answers 304 with no body to If-None-Match', async () => {
      const first = await getThumb(t, { id: itemIdOf('Public', 'wide.jpg'), size: 'preview' }, { sid: admin });
      const again = await getThumb(
        t,
        { id: itemIdOf('Public', 'wide.jpg'), size: 'preview', sig: 'whatever' },
        { sid: admin, headers: { 'If-None-Match': first.headers.get('etag') ?? '' } },
      );
      expect(again.status).to.equal(304);
      expect(again.bytes.length).to.equal(0);
      expect(again.headers.get('etag')).to.equal(first.headers.get('etag'));
    });

    it('answers 304 to If-Modified-Since at or after Last-Modified, 200 before', async () => {
      const first = await getThumb(t, { id: itemIdOf('Public', 'wide.jpg'), size: 'preview' }, { sid: admin });
      const lm = first.headers.get('last-modified') ?? '';
      expect((await getThumb(t, { id: itemIdOf('Public', 'wide.jpg'), size: 'preview' }, { sid: admin, headers: { 'If-Modified-Since': lm } })).status).to.equal(304);
      const before = new Date(Date.parse(lm) - 10_000).toUTCString();
      expect((await getThumb(t, { id: itemIdOf('Public', 'wide.jpg'), size: 'preview' }, { sid: admin, headers: { 'If-Modified-Since': before } })).status).to.equal(200);
    });

    it('HEAD answers the headers GET does, with no body', async () => {
      const id = itemIdOf('Public', 'wide.jpg');
      const got = await getThumb(t, { id, size: 'preview' }, { sid: admin });
      const q = new URLSearchParams({ api: 'SYNO.PhotoStation.Thumb', method: 'get', version: '1', id, size: 'preview', _sid: admin });
      const head = await fetch(`${t.url}/photo/webapi/thumb.php?${q}`, { method: 'HEAD' });
      expect(head.status).to.equal(200);
      for (const h of ['content-type', 'content-length', 'etag', 'last-modified', 'cache-control']) expect(head.headers.get(h), h).to.equal(got.headers.get(h));
      expect((await head.arrayBuffer()).byteLength).to.equal(0);
    });

    it('a different ETag gets the bytes', async () => {
      const res = await getThumb(t, { id: itemIdOf('Public', 'wide.jpg'), size: 'preview' }, { sid: admin, headers: { 'If-None-Match': '"other"' } });
      expect(res.status).to.equal(200);
      expect(res.bytes.length).to.be.above(100);
    });

    it('keeps the files under the data folder, never under the photo root', () => {
      const files = cacheFiles(t);
      expect(files.length).to.be.above(10);
      for (const f of files) expect(f.startsWith(t.station.services.config.thumbDir + path.sep)).to.equal(true);
      const inRoot = readdirSync(t.root, { recursive: true }).map(String);
      expect(inRoot.filter((n) => n.endsWith('-small.jpg'))).to.deep.equal([]);
    });

    it('reaches the same API at thumb.php with a suffix', async () => {
      const res = await getThumb(t, { id: itemIdOf('Public', 'wide.jpg'), size: 'preview' }, { sid: admin, path: '/photo/webapi/thumb.php/x.jpg' });
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.equal('image/jpeg');
    });
  });

  describe('errors are envelopes', () => {
    const code = (res: { json?: { success: boolean; error?: { code: number } } }) => res.json?.error?.code;

    it('501 without an id, with a bad id, with an unknown size, for an item not in the index', async () => {
      expect(code(await getThumb(t, {}, { sid: admin }))).to.equal(501);
      expect(code(await getThumb(t, { id: 'photo_zz' }, { sid: admin }))).to.equal(501);
      expect(code(await getThumb(t, { id: 'album_2e2e' }, { sid: admin }))).to.equal(501);
      expect(code(await getThumb(t, { id: itemIdOf('Public', 'wide.jpg'), size: 'huge' }, { sid: admin }))).to.equal(501);
      expect(code(await getThumb(t, { id: itemIdOf('Public', 'none.jpg') }, { sid: admin }))).to.equal(501);
    });

    it('502 without the browse right', async () => {
      expect(code(await getThumb(t, { id: itemIdOf('Private', 'p.jpg') }, { sid: alice }))).to.equal(502);
      expect(code(await getThumb(t, { id: albumIdOf('Private') }, { sid: alice }))).to.equal(502);
    });

    it('503 for an album with no cover', async () => {
      expect(code(await getThumb(t, { id: albumIdOf('Empty') }, { sid: admin }))).to.equal(503);
    });

    it('504 for a broken file, remembered: no second decode until the file changes', async () => {
      const id = itemIdOf('Public', 'broken.jpg');
      expect(code(await getThumb(t, { id }, { sid: admin }))).to.equal(504);
      const marks = cacheFiles(t).filter((f) => f.endsWith('.bad'));
      expect(marks.length).to.be.at.least(1);
      const before = marks.map((f) => statSync(f).mtimeMs);
      expect(code(await getThumb(t, { id, size: 'large' }, { sid: admin }))).to.equal(504);
      expect(marks.map((f) => statSync(f).mtimeMs)).to.deep.equal(before);
      // A changed file is another content: tried again.
      writeFileSync(path.join(t.root, 'Public', 'broken.jpg'), await solid(50, 40));
      await t.rescan();
      const fixed = await getThumb(t, { id }, { sid: admin });
      expect(fixed.status).to.equal(200);
      expect(await dims(fixed.bytes)).to.include({ width: 50, height: 40 });
    });

    it('504 for a pixel bomb, at once, without decoding it', async () => {
      const started = Date.now();
      const res = await getThumb(t, { id: itemIdOf('Public', 'bomb.png') }, { sid: admin });
      expect(code(res)).to.equal(504);
      expect(Date.now() - started).to.be.below(5000);
      expect(process.memoryUsage().rss).to.be.below(2 * 1024 ** 3);
    });

    it('504 for a file gone from the disk', async () => {
      writeFileSync(path.join(t.root, 'Public', 'gone.jpg'), await solid(10, 10));
      await t.rescan();
      const { rmSync } = await import('node:fs');
      rmSync(path.join(t.root, 'Public', 'gone.jpg'));
      expect(code(await getThumb(t, { id: itemIdOf('Public', 'gone.jpg') }, { sid: admin }))).to.equal(504);
    });

    it('504 once the original is deleted from the disk, even with its thumbnail cached and sent before', async () => {
      writeFileSync(path.join(t.root, 'Public', 'shown.jpg'), await solid(30, 20));
      await t.rescan();
      const id = itemIdOf('Public', 'shown.jpg');
      expect((await getThumb(t, { id }, { sid: admin })).status).to.equal(200);
      expect((await getThumb(t, { id }, { sid: admin })).status).to.equal(200);
      const { rmSync } = await import('node:fs');
      rmSync(path.join(t.root, 'Public', 'shown.jpg'));
      // No scan in between: the index still has the item.
      expect(code(await getThumb(t, { id }, { sid: admin }))).to.equal(504);
    });
  });

  describe('rights', () => {
    const ok = async (params: Record<string, string>, sid?: string) => (await getThumb(t, params, { sid })).headers.get('content-type') === 'image/jpeg';

    it('a guest sees public albums and their items, not private ones', async () => {
      expect(await ok({ id: itemIdOf('Public', 'wide.jpg') })).to.equal(true);
      expect(await ok({ id: albumIdOf('Public') })).to.equal(true);
      expect(await ok({ id: itemIdOf('Private', 'p.jpg') })).to.equal(false);
      expect(await ok({ id: albumIdOf('Private') })).to.equal(false);
    });

    it('a password album needs its password, from guests and users alike', async () => {
      for (const sid of [undefined, alice]) {
        expect(await ok({ id: itemIdOf('Locked', 'l.jpg') }, sid)).to.equal(false);
        expect(await ok({ id: itemIdOf('Locked', 'l.jpg'), password: 'wrong' }, sid)).to.equal(false);
        expect(await ok({ id: itemIdOf('Locked', 'l.jpg'), password: 'sesame' }, sid)).to.equal(true);
        expect(await ok({ id: albumIdOf('Locked'), password: 'sesame' }, sid)).to.equal(true);
      }
    });

    it('a user granted browse on a private album sees it; the session may come from the cookie', async () => {
      t.grant('alice', 'Private', { browse: true });
      const res = await getThumb(t, { id: itemIdOf('Private', 'p.jpg') }, { headers: { Cookie: `PHPSESSID=${alice}` } });
      expect(res.status).to.equal(200);
      t.grant('alice', 'Private', {});
    });

    it('a dead session is refused, not served as a guest', async () => {
      const res = await getThumb(t, { id: itemIdOf('Public', 'wide.jpg') }, { sid: 'deadbeef' });
      expect(res.json?.error?.code).to.equal(106);
    });
  });

  describe('when its album moves', () => {
    it('keeps the same ETag and the very same cache files (inode, mtime): nothing is remade or touched', async () => {
      const first = await getThumb(t, { id: itemIdOf('Mover/Inner', 'm.jpg'), size: 'small' }, { sid: admin });
      expect(first.status).to.equal(200);
      const etag = first.headers.get('etag') ?? '';
      const key = /^"([0-9a-f]+)-/.exec(etag)?.[1] ?? '';
      const files = cacheFiles(t).filter((f) => path.basename(f).startsWith(key));
      expect(files).to.have.length(3);
      const before = files.map((f) => ({ ino: statSync(f).ino, mtimeMs: statSync(f).mtimeMs }));
      const moved = await t.call(ALBUM, 'move', { id: albumIdOf('Mover'), sharepath: albumIdOf('Target'), duplicate: 'ignore' }, admin);
      expect(moved.success, JSON.stringify(moved)).to.equal(true);
      const after = await getThumb(t, { id: itemIdOf('Target/Mover/Inner', 'm.jpg'), size: 'small' }, { sid: admin });
      expect(after.status).to.equal(200);
      expect(after.headers.get('etag')).to.equal(etag);
      expect(after.bytes.equals(first.bytes)).to.equal(true);
      expect(files.map((f) => ({ ino: statSync(f).ino, mtimeMs: statSync(f).mtimeMs }))).to.deep.equal(before);
    });
  });
});
