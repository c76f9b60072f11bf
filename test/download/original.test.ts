import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { hashPassword } from '../../src/auth/password.ts';
import { itemId } from '../../src/library/ids.ts';
import { download, envelope, eventually, openFds } from '../helpers/download.ts';
import type { Bytes } from '../helpers/download.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';

const NAME = 'Été 2024 ☀.jpg';
const CONTENT = randomBytes(10_000);
const VIDEO = randomBytes(3000);

describe('Download.getphoto and getvideo: the original bytes (SPEC §14)', function () {
  this.timeout(30_000);
  let f: OpsFixture;
  const photo = itemId('Pub', NAME, 'photo');
  const video = itemId('Pub', 'clip.mp4', 'video');
  const get = (params: Record<string, string>, headers: Record<string, string> = {}): Promise<Bytes> => download(f, 'getphoto', { id: photo, ...params }, { headers });

  /** An indexed item holding exactly `bytes`. */
  const put = (album: string, name: string, bytes: Buffer) => {
    const row = f.photo(album, name);
    writeFileSync(path.join(f.photoRoot, album, name), bytes);
    f.lib.items.update(row.id, { size: bytes.length });
  };

  before(async () => {
    f = await OpsFixture.start();
    put('Pub', NAME, CONTENT);
    put('Pub', 'clip.mp4', VIDEO);
    f.photo('Priv', 'secret.jpg', {}, 'secret bytes');
    f.photo('Pw', 'locked.jpg', {}, 'locked bytes');
    f.photo('Pub', 'gone.jpg', {}, 'soon gone');
    f.lib.albums.update(f.album('Pub').id, { type: 'public' });
    f.lib.albums.update(f.album('Priv').id, { type: 'private' });
    f.lib.albums.update(f.album('Pw').id, { type: 'password', password: await hashPassword('open sesame') });
  });
  after(() => f.stop());

  describe('a whole file', () => {
    it('answers exactly the file bytes with its type, length, validators and Accept-Ranges', async () => {
      const r = await get({});
      expect(r.status).to.equal(200);
      expect(r.body.equals(CONTENT)).to.equal(true);
      expect(r.headers['content-type']).to.equal('image/jpeg');
      expect(r.headers['content-length']).to.equal(String(CONTENT.length));
      expect(r.headers['accept-ranges']).to.equal('bytes');
      expect(r.headers.etag).to.match(/^"[0-9a-f]+-[0-9a-f]+-[0-9a-f]+"$/);
      expect(Number.isNaN(Date.parse(String(r.headers['last-modified'])))).to.equal(false);
      expect(r.headers['x-content-type-options']).to.equal('nosniff');
    });

    it('HEAD answers as GET does, without the body, and closes the descriptor', async () => {
      const got = await get({});
      const fds = openFds();
      const head = await download(f, 'getphoto', { id: photo }, { verb: 'HEAD' });
      expect(head.status).to.equal(200);
      expect(head.body.length).to.equal(0);
      for (const h of ['content-type', 'content-length', 'etag', 'last-modified', 'accept-ranges']) expect(head.headers[h], h).to.equal(got.headers[h]);
      const zip = await download(f, 'getitem', { id: photo }, { verb: 'HEAD' });
      expect(zip.status).to.equal(200);
      expect(zip.headers['content-type']).to.equal('application/zip');
      expect(zip.body.length).to.equal(0);
      expect(await eventually(() => openFds() <= fds), `open descriptors: ${openFds()}, before: ${fds}`).to.equal(true);
    });

    it('getvideo answers the video, video/mp4, whatever quality_id says', async () => {
      for (const quality_id of ['original', 'nonsense', '']) {
        const r = await download(f, 'getvideo', { id: video, quality_id });
        expect(r.status, quality_id).to.equal(200);
        expect(r.headers['content-type']).to.equal('video/mp4');
        expect(r.body.equals(VIDEO)).to.equal(true);
      }
      const bare = await download(f, 'getvideo', { id: video });
      expect(bare.body.equals(VIDEO)).to.equal(true);
    });

    it('is reached at download.php/1.mp4, the suffixed legacy path players use', async () => {
      const r = await download(f, 'getvideo', { id: video }, { path: '/photo/webapi/download.php/1.mp4' });
      expect(r.status).to.equal(200);
      expect(r.body.equals(VIDEO)).to.equal(true);
    });
  });

  describe('Content-Disposition of a non-ASCII name', () => {
    it('download=true: attachment with the UTF-8 name percent-encoded and an ASCII fallback', async () => {
      const r = await get({ download: 'true' });
      expect(r.headers['content-disposition']).to.equal(`attachment; filename="_t_ 2024 _.jpg"; filename*=UTF-8''%C3%89t%C3%A9%202024%20%E2%98%80.jpg`);
      expect(decodeURIComponent(String(r.headers['content-disposition']).split("''")[1] ?? '')).to.equal(NAME);
    });

    it('otherwise inline', async () => {
      const r = await get({ download: 'false' });
      expect(r.headers['content-disposition']).to.match(/^inline; /);
    });
  });

  describe('ranges', () => {
    const size = CONTENT.length;
    const range = (value: string, extra: Record<string, string> = {}) => get({}, { range: value, ...extra });

    it('bytes=0-99: 206, Content-Range, exactly those bytes', async () => {
      const r = await range('bytes=0-99');
      expect(r.status).to.equal(206);
      expect(r.headers['content-range']).to.equal(`bytes 0-99/${size}`);
      expect(r.headers['content-length']).to.equal('100');
      expect(r.body.equals(CONTENT.subarray(0, 100))).to.equal(true);
    });

    it('a suffix range bytes=-500: the last 500 bytes', async () => {
      const r = await range('bytes=-500');
      expect(r.status).to.equal(206);
      expect(r.headers['content-range']).to.equal(`bytes ${size - 500}-${size - 1}/${size}`);
      expect(r.body.equals(CONTENT.subarray(size - 500))).to.equal(true);
    });

    it('a suffix longer than the file: the whole file as 206', async () => {
      const r = await range(`bytes=-${size * 2}`);
      expect(r.status).to.equal(206);
      expect(r.headers['content-range']).to.equal(`bytes 0-${size - 1}/${size}`);
      expect(r.body.equals(CONTENT)).to.equal(true);
    });

    it('an open range bytes=100-: from byte 100 to the end', async () => {
      const r = await range('bytes=100-');
      expect(r.status).to.equal(206);
      expect(r.headers['content-range']).to.equal(`bytes 100-${size - 1}/${size}`);
      expect(r.body.equals(CONTENT.subarray(100))).to.equal(true);
    });

    it('a last byte past the end is clamped', async () => {
      const r = await range(`bytes=9000-${size + 5000}`);
      expect(r.status).to.equal(206);
      expect(r.headers['content-range']).to.equal(`bytes 9000-${size - 1}/${size}`);
      expect(r.body.equals(CONTENT.subarray(9000))).to.equal(true);
    });

    it('a range starting at or past the end: 416 with Content-Range bytes */size, and no body', async () => {
      for (const value of [`bytes=${size}-`, `bytes=${size + 10}-${size + 20}`, 'bytes=-0']) {
        const r = await range(value);
        expect(r.status, value).to.equal(416);
        expect(r.headers['content-range'], value).to.equal(`bytes */${size}`);
        expect(r.body.length).to.equal(0);
      }
    });

    it('several ranges: the whole file, 200 (documented choice)', async () => {
      const r = await range('bytes=0-9,20-29');
      expect(r.status).to.equal(200);
      expect(r.headers['content-range']).to.equal(undefined);
      expect(r.body.equals(CONTENT)).to.equal(true);
    });

    it('a range that is not valid (last before first, another unit, garbage) is ignored: 200 whole', async () => {
      for (const value of ['bytes=50-10', 'items=0-5', 'bytes=abc', 'bytes=-']) {
        const r = await range(value);
        expect(r.status, value).to.equal(200);
        expect(r.body.equals(CONTENT), value).to.equal(true);
      }
    });

    it('If-Range with the current ETag or Last-Modified: the range', async () => {
      const whole = await get({});
      for (const ifRange of [String(whole.headers.etag), String(whole.headers['last-modified'])]) {
        const r = await range('bytes=0-9', { 'if-range': ifRange });
        expect(r.status, ifRange).to.equal(206);
        expect(r.body.equals(CONTENT.subarray(0, 10))).to.equal(true);
      }
    });

    it('If-Range with a stale ETag or date (or a weak tag): the whole file, 200', async () => {
      const whole = await get({});
      for (const ifRange of ['"stale"', `W/${String(whole.headers.etag)}`, new Date(Date.UTC(2001, 0, 1)).toUTCString()]) {
        const r = await range('bytes=0-9', { 'if-range': ifRange });
        expect(r.status, ifRange).to.equal(200);
        expect(r.body.equals(CONTENT)).to.equal(true);
      }
    });
  });

  describe('conditional GETs', () => {
    it('If-None-Match with the ETag (or *, or W/ of it): 304 and no body', async () => {
      const etag = String((await get({})).headers.etag);
      for (const inm of [etag, `"other", ${etag}`, '*', `W/${etag}`]) {
        const r = await get({}, { 'if-none-match': inm });
        expect(r.status, inm).to.equal(304);
        expect(r.body.length).to.equal(0);
        expect(r.headers.etag).to.equal(etag);
      }
    });

    it('If-None-Match with another tag: 200, and If-Modified-Since is then not looked at', async () => {
      const r = await get({}, { 'if-none-match': '"other"', 'if-modified-since': new Date(Date.now() + 86_400_000).toUTCString() });
      expect(r.status).to.equal(200);
      expect(r.body.equals(CONTENT)).to.equal(true);
    });

    it('If-Modified-Since at or after Last-Modified: 304; before it: 200', async () => {
      const lastModified = String((await get({})).headers['last-modified']);
      expect((await get({}, { 'if-modified-since': lastModified })).status).to.equal(304);
      expect((await get({}, { 'if-modified-since': new Date(Date.parse(lastModified) - 5000).toUTCString() })).status).to.equal(200);
      expect((await get({}, { 'if-modified-since': 'not a date' })).status).to.equal(200);
    });
  });

  describe('errors are envelopes', () => {
    it('506 for a missing, malformed or unknown id', async () => {
      for (const id of [undefined, '', 'photo_zz', itemId('Pub', 'nothing.jpg', 'photo'), 'album_507562']) {
        const r = await download(f, 'getphoto', id === undefined ? {} : { id });
        expect(r.headers['content-type'], String(id)).to.match(/^application\/json/);
        expect(envelope(r), String(id)).to.deep.equal({ success: false, error: { code: 506 } });
      }
    });

    it('506 for an indexed item whose file is gone', async () => {
      rmSync(path.join(f.photoRoot, 'Pub', 'gone.jpg'));
      const r = await download(f, 'getphoto', { id: itemId('Pub', 'gone.jpg', 'photo') });
      expect(envelope(r)).to.deep.equal({ success: false, error: { code: 506 } });
    });
  });

  describe('rights', () => {
    const secret = itemId('Priv', 'secret.jpg', 'photo');
    const locked = itemId('Pw', 'locked.jpg', 'photo');

    it('a guest downloads from a public album, but gets 507 for a private one', async () => {
      expect((await download(f, 'getphoto', { id: photo }, { sid: null })).body.equals(CONTENT)).to.equal(true);
      expect(envelope(await download(f, 'getphoto', { id: secret }, { sid: null }))).to.deep.equal({ success: false, error: { code: 507 } });
    });

    it('a password album: 507 without or with a wrong password, the bytes with the right one', async () => {
      expect(envelope(await download(f, 'getphoto', { id: locked }, { sid: null }))).to.deep.equal({ success: false, error: { code: 507 } });
      expect(envelope(await download(f, 'getphoto', { id: locked, password: 'wrong' }, { sid: null }))).to.deep.equal({ success: false, error: { code: 507 } });
      const r = await download(f, 'getphoto', { id: locked, password: 'open sesame' }, { sid: null });
      expect(r.body.toString()).to.equal('locked bytes');
    });

    it('a user granted browse on the private album downloads it; one without the grant gets 507', async () => {
      const granted = await f.user('granted', { Priv: { browse: true } });
      const other = await f.user('other', {});
      expect((await download(f, 'getphoto', { id: secret }, { sid: granted })).body.toString()).to.equal('secret bytes');
      expect(envelope(await download(f, 'getphoto', { id: secret }, { sid: other }))).to.deep.equal({ success: false, error: { code: 507 } });
    });
  });

  describe('a client that leaves mid-way', () => {
    it('gets its descriptor closed: the open descriptors are back to what they were', async () => {
      const big = 'Pub/big.mp4';
      f.photo('Pub', 'big.mp4', {}, 'x');
      truncateSync(path.join(f.photoRoot, big), 256 * 1024 * 1024);
      const before = openFds();
      const url = new URL(f.url);
      url.search = new URLSearchParams({ api: 'SYNO.PhotoStation.Download', method: 'getvideo', version: '1', id: itemId('Pub', 'big.mp4', 'video'), _sid: f.adminSid }).toString();
      let received = 0;
      let during = 0;
      await new Promise<void>((resolve, reject) => {
        const req = http.get(url, { agent: false }, (res) => {
          expect(res.statusCode).to.equal(200);
          res.on('data', (c: Buffer) => {
            received += c.length;
            if (received > 1024 * 1024 && during === 0) {
              during = openFds();
              req.destroy();
              resolve();
            }
          });
          res.on('end', () => reject(new Error('the whole file came before the client left')));
        });
        req.on('error', () => {});
      });
      expect(during, 'the file (and the socket) were open during the download').to.be.above(before);
      expect(await eventually(() => openFds() <= before), `open descriptors: ${openFds()}, before: ${before}`).to.equal(true);
    });
  });
});
