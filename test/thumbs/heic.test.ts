import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { albumIdOf, itemIdOf, startStation } from '../helpers/browse.ts';
import type { TestStation } from '../helpers/browse.ts';
import { heicOf, x265Present } from './heic.ts';
import { colourAt, dims, getThumb, halves } from './images.ts';

const ALBUM = 'SYNO.PhotoStation.Album';

/** A HEIC whose `ispe` claims `side` x `side` pixels: the header of a pixel bomb. */
function heicBomb(real: Buffer, side: number): Buffer {
  const bomb = Buffer.from(real);
  const at = bomb.indexOf('ispe', 0, 'latin1');
  bomb.writeUInt32BE(side, at + 8);
  bomb.writeUInt32BE(side, at + 12);
  return bomb;
}

describe('HEIC pictures (decoded by libheif in WebAssembly, on a thread of its own)', function () {
  this.timeout(120_000);
  let t: TestStation;
  let admin: string;
  before(async function () {
    if (!x265Present()) {
      // CI's ffmpeg (Debian's) has libx265: there the test runs.
      if (process.env.CI) throw new Error('ffmpeg with libx265 is needed to make HEIC test files');
      console.log('    (skipped: no ffmpeg with libx265 here to make HEIC files)');
      this.skip();
    }
    const png = await sharp(await halves(640, 480))
      .png()
      .toBuffer();
    const plain = heicOf(png, 640, 480);
    const files: Record<string, Buffer> = {
      'Phone/plain.heic': plain,
      // irot 1: a quarter anticlockwise, as a phone held upright writes it.
      'Phone/turned.heic': heicOf(png, 640, 480, 1),
      'Phone/broken.heic': Buffer.concat([plain.subarray(0, plain.length - 200), Buffer.alloc(200, 0x55)]),
      'Phone/bomb.heic': heicBomb(plain, 100_000),
    };
    t = await startStation({}, (root) => {
      for (const [rel, bytes] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        writeFileSync(path.join(root, rel), bytes);
      }
    });
    admin = await t.login('admin', 'admin-pw');
  });
  after(() => t?.close());

  const code = (res: { json?: { error?: { code?: number } } }) => res.json?.error?.code;

  it('Thumb.get answers a JPEG of each size, decoded from the HEVC picture', async () => {
    for (const [size, w, h] of [
      ['preview', 213, 160],
      ['small', 427, 320],
      ['large', 640, 480],
    ] as const) {
      const res = await getThumb(t, { id: itemIdOf('Phone', 'plain.heic'), size }, { sid: admin });
      expect(res.status, res.bytes.toString().slice(0, 200)).to.equal(200);
      expect(res.headers.get('content-type')).to.equal('image/jpeg');
      expect(await dims(res.bytes)).to.deep.equal({ width: w, height: h, format: 'jpeg' });
    }
    const res = await getThumb(t, { id: itemIdOf('Phone', 'plain.heic'), size: 'small' }, { sid: admin });
    // The picture itself came through: red on the left, blue on the right.
    expect((await colourAt(res.bytes, 0.1, 0.5)).r).to.be.above(200);
    expect((await colourAt(res.bytes, 0.9, 0.5)).b).to.be.above(200);
  });

  it("is turned by the file's irot, and thumb_size announced those dimensions", async () => {
    const res = await getThumb(t, { id: itemIdOf('Phone', 'turned.heic'), size: 'small' }, { sid: admin });
    expect(await dims(res.bytes)).to.include({ width: 320, height: 427 });
    // A quarter anticlockwise: the left (red) half is now at the bottom.
    expect((await colourAt(res.bytes, 0.5, 0.9)).r).to.be.above(200);
    expect((await colourAt(res.bytes, 0.5, 0.1)).b).to.be.above(200);
    const list = await t.call(ALBUM, 'list', { id: albumIdOf('Phone'), offset: 0, limit: -1, additional: 'thumb_size' }, admin);
    const turned = list.data.items.find((i: { info: { name: string } }) => i.info.name === 'turned.heic');
    expect(turned.thumbnail_status).to.equal('preview,small,large');
    expect(turned.additional.thumb_size.small).to.include({ resolutionx: 320, resolutiony: 427 });
    expect(turned.additional.thumb_size.large).to.include({ resolutionx: 480, resolutiony: 640 });
  });

  it('a broken HEIC answers 504', async () => {
    expect(code(await getThumb(t, { id: itemIdOf('Phone', 'broken.heic') }, { sid: admin }))).to.equal(504);
  });

  it('a HEIC claiming 10^10 pixels answers 504 at once, without decoding', async () => {
    const started = Date.now();
    expect(code(await getThumb(t, { id: itemIdOf('Phone', 'bomb.heic') }, { sid: admin }))).to.equal(504);
    expect(Date.now() - started).to.be.below(3000);
  });

  it('decoding does not hold the event loop', async () => {
    // A bigger picture, so the decode takes a while; the loop's longest stall meanwhile is measured.
    const big = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
      .png()
      .toBuffer();
    writeFileSync(path.join(t.root, 'Phone', 'big.heic'), heicOf(big, 1600, 1200));
    await t.rescan();
    const { monitorEventLoopDelay } = await import('node:perf_hooks');
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const res = await getThumb(t, { id: itemIdOf('Phone', 'big.heic'), size: 'large' }, { sid: admin });
    loop.disable();
    expect(res.status).to.equal(200);
    expect(await dims(res.bytes)).to.include({ width: 1600, height: 1200 });
    expect(loop.max / 1e6).to.be.below(200);
  });
});
