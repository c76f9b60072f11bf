import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { TestStation } from '../helpers/browse.ts';

/** Real pictures for the thumbnail tests, made with sharp: nothing is a fake header. */

/** A JPEG of `width` x `height` stored pixels: left half red, right half blue, so orientation shows. */
export async function halves(width: number, height: number, orientation?: number): Promise<Buffer> {
  const left = await sharp({ create: { width: Math.max(1, Math.floor(width / 2)), height, channels: 3, background: '#ff0000' } })
    .png()
    .toBuffer();
  let img = sharp({ create: { width, height, channels: 3, background: '#0000ff' } })
    .composite([{ input: left, left: 0, top: 0 }])
    .jpeg({ quality: 90 });
  if (orientation) img = img.withMetadata({ orientation });
  return img.toBuffer();
}

export async function solid(width: number, height: number, format: 'jpeg' | 'png' | 'gif' | 'tiff' = 'jpeg'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#20a040' } })
    .toFormat(format)
    .toBuffer();
}

/** A PNG with an alpha channel: a transparent picture with an opaque square. */
export async function withAlpha(width: number, height: number): Promise<Buffer> {
  const square = await sharp({ create: { width: Math.floor(width / 2), height: Math.floor(height / 2), channels: 4, background: { r: 0, g: 0, b: 0, alpha: 1 } } })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: square, left: 0, top: 0 }])
    .png()
    .toBuffer();
}

/** A 24-bit BMP written by hand (sharp writes none). */
export function bmp(width: number, height: number): Buffer {
  const stride = Math.ceil((width * 3) / 4) * 4;
  const b = Buffer.alloc(54 + stride * height);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(b.length, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(width, 18);
  b.writeInt32LE(height, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) b.writeUIntLE(0x3060c0, 54 + y * stride + x * 3, 3);
  return b;
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A valid PNG header claiming `side` x `side` pixels, with a few compressed rows: a pixel bomb. */
export function pixelBomb(side = 100_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = deflateSync(Buffer.alloc((side * 3 + 1) * 4));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', rows), chunk('IEND', Buffer.alloc(0))]);
}

/** Whether ffmpeg runs here; without it video tests skip, except under CI, where they must run. */
export function ffmpegPresent(): boolean {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    execFileSync('ffprobe', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A real 2-second 640x360 H.264 video with a test pattern and a tone. */
export function makeVideo(file: string): void {
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc=duration=2:size=640x360:rate=25',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:duration=2',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-shortest',
    file,
  ]);
}

export function write(file: string, bytes: Buffer): void {
  writeFileSync(file, bytes);
}

export interface ThumbAnswer {
  status: number;
  headers: Headers;
  bytes: Buffer;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** Thumb.get as a browser sends it: a GET with everything in the query. */
export async function getThumb(t: TestStation, params: Record<string, string>, init: { sid?: string; headers?: Record<string, string>; path?: string } = {}): Promise<ThumbAnswer> {
  const q = new URLSearchParams({ api: 'SYNO.PhotoStation.Thumb', method: 'get', version: '1', ...params });
  if (init.sid) q.set('_sid', init.sid);
  const res = await fetch(`${t.url}${init.path ?? '/photo/webapi/entry.cgi'}?${q}`, { headers: init.headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  let json: unknown;
  if ((res.headers.get('content-type') ?? '').startsWith('application/json')) json = JSON.parse(bytes.toString('utf8'));
  return { status: res.status, headers: res.headers, bytes, json };
}

/** Width and height decoded from answered bytes. */
export async function dims(bytes: Buffer): Promise<{ width: number; height: number; format: string }> {
  const m = await sharp(bytes).metadata();
  return { width: m.width ?? 0, height: m.height ?? 0, format: m.format ?? '' };
}

/** The average colour of a region of an image (fractions of its size), for orientation checks. */
export async function colourAt(bytes: Buffer, fx: number, fy: number): Promise<{ r: number; g: number; b: number }> {
  const img = sharp(bytes);
  const m = await img.metadata();
  const left = Math.min((m.width ?? 1) - 1, Math.floor((m.width ?? 1) * fx));
  const top = Math.min((m.height ?? 1) - 1, Math.floor((m.height ?? 1) * fy));
  const { data } = await sharp(bytes).extract({ left, top, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
  return { r: data[0] ?? 0, g: data[1] ?? 0, b: data[2] ?? 0 };
}
