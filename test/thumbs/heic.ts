import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Real HEIC files for the tests, made here: ffmpeg's libx265 encodes one frame (into an MP4, the
 * only HEVC container ffmpeg writes), and this file moves that frame and its decoder
 * configuration (`hvcC`) into a HEIF still-image container (ISO/IEC 23008-12): the same boxes a
 * phone writes for a one-tile picture. Nothing is a fixture of unknown origin; it needs ffmpeg
 * with libx265 (Debian's ffmpeg has it).
 */

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

function fullBox(type: string, version: number, flags: number, ...parts: Buffer[]): Buffer {
  const vf = Buffer.alloc(4);
  vf.writeUInt32BE(((version & 0xff) << 24) | (flags & 0xffffff), 0);
  return box(type, vf, ...parts);
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** The body of the first box of `type` found anywhere inside `mp4` (the MP4 boxes it crosses are containers). */
function findBox(mp4: Buffer, type: string): Buffer {
  const at = mp4.indexOf(Buffer.from(type, 'latin1'));
  if (at < 4) throw new Error(`no ${type} box`);
  const size = mp4.readUInt32BE(at - 4);
  return mp4.subarray(at + 4, at - 4 + size);
}

/**
 * A HEIC picture of the PNG/JPEG `source` (even width and height), as libx265 encodes it.
 * `irot`: anticlockwise quarter turns a reader applies (HEIF's orientation, 0-3).
 */
export function heicOf(source: Buffer, width: number, height: number, irot = 0): Buffer {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ps-heic-'));
  try {
    const input = path.join(dir, 'in.png');
    const mp4 = path.join(dir, 'out.mp4');
    writeFileSync(input, source);
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      input,
      '-frames:v',
      '1',
      '-c:v',
      'libx265',
      '-pix_fmt',
      'yuv420p',
      '-tag:v',
      'hvc1',
      '-x265-params',
      'log-level=none',
      '-an',
      mp4,
    ]);
    const file = readFileSync(mp4);
    const hvcC = box('hvcC', findBox(file, 'hvcC'));
    // One video frame and nothing else: the mdat holds exactly that sample.
    const sample = findBox(file, 'mdat');
    const props = [hvcC, fullBox('ispe', 0, 0, u32(width), u32(height))];
    if (irot) props.push(box('irot', Buffer.from([irot & 3])));
    const ipma = fullBox('ipma', 0, 0, u32(1), u16(1), Buffer.from([props.length, ...props.map((_, i) => (i === 0 ? 0x80 : 0) | (i + 1))]));
    const meta = (offset: number) =>
      fullBox(
        'meta',
        0,
        0,
        fullBox('hdlr', 0, 0, u32(0), Buffer.from('pict', 'latin1'), Buffer.alloc(12), Buffer.from([0])),
        fullBox('pitm', 0, 0, u16(1)),
        fullBox('iinf', 0, 0, u16(1), fullBox('infe', 2, 0, u16(1), u16(0), Buffer.from('hvc1', 'latin1'), Buffer.from([0]))),
        fullBox('iloc', 0, 0, Buffer.from([0x44, 0x00]), u16(1), u16(1), u16(0), u16(1), u32(offset), u32(sample.length)),
        box('iprp', box('ipco', ...props), ipma),
      );
    const ftyp = box('ftyp', Buffer.from('heic', 'latin1'), u32(0), Buffer.from('mif1heic', 'latin1'));
    // The sample's offset is known once the boxes before it are: their size does not depend on it.
    const before = ftyp.length + meta(0).length + 8;
    return Buffer.concat([ftyp, meta(before), box('mdat', sample)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether ffmpeg here can encode HEVC (libx265). */
export function x265Present(): boolean {
  try {
    return execFileSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8' }).includes('libx265');
  } catch {
    return false;
  }
}
