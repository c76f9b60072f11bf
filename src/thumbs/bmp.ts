import { yieldToLoop } from '../runtime/yield.ts';

/**
 * A small BMP decoder: sharp's prebuilt libvips reads no BMP (it has no ImageMagick), and BMP is
 * one of Photo Station's photo extensions. Covers what cameras, scanners and Paint write:
 * uncompressed 1/4/8-bit paletted, 24-bit, and 32-bit (plain or with the usual bit fields).
 * RLE-compressed BMPs are refused (undefined), like anything else it does not know.
 * Answers raw RGB pixels for sharp; refuses a header claiming more than `maxPixels`.
 */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 3;
}

export function isBmp(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x42 && head[1] === 0x4d;
}

/** Pixels converted between two yields to the event loop (about 2 ms of work). */
const SLICE_PIXELS = 256 * 1024;

export async function decodeBmp(b: Buffer, maxPixels: number): Promise<RawImage | undefined> {
  if (b.length < 54 || !isBmp(b)) return undefined;
  const dataOffset = b.readUInt32LE(10);
  const headerSize = b.readUInt32LE(14);
  if (headerSize < 40) return undefined;
  const width = b.readInt32LE(18);
  const rawHeight = b.readInt32LE(22);
  const bpp = b.readUInt16LE(28);
  const compression = b.readUInt32LE(30);
  const height = Math.abs(rawHeight);
  const bottomUp = rawHeight > 0;
  if (width <= 0 || height <= 0 || width * height > maxPixels) return undefined;
  // 0: BI_RGB; 3: BI_BITFIELDS, read here as the common 8-bit-per-channel masks.
  if (compression !== 0 && !(compression === 3 && bpp === 32)) return undefined;
  if (![1, 4, 8, 24, 32].includes(bpp)) return undefined;
  const stride = Math.ceil((width * bpp) / 32) * 4;
  if (dataOffset + stride * height > b.length) return undefined;
  let palette: Buffer | undefined;
  if (bpp <= 8) {
    const colours = b.readUInt32LE(46) || 1 << bpp;
    palette = b.subarray(14 + headerSize, 14 + headerSize + colours * 4);
  }
  const out = Buffer.allocUnsafe(width * height * 3);
  let sinceYield = 0;
  for (let y = 0; y < height; y++) {
    sinceYield += width;
    if (sinceYield >= SLICE_PIXELS) {
      sinceYield = 0;
      // A big BMP is converted here, on the thread that serves requests: in slices.
      await yieldToLoop();
    }
    const row = dataOffset + (bottomUp ? height - 1 - y : y) * stride;
    let o = y * width * 3;
    for (let x = 0; x < width; x++, o += 3) {
      if (bpp === 24 || bpp === 32) {
        const p = row + x * (bpp / 8);
        out[o] = b[p + 2] as number;
        out[o + 1] = b[p + 1] as number;
        out[o + 2] = b[p] as number;
        continue;
      }
      const bit = x * bpp;
      const byte = b[row + (bit >> 3)] as number;
      const index = (byte >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
      const p = index * 4;
      out[o] = palette?.[p + 2] ?? 0;
      out[o + 1] = palette?.[p + 1] ?? 0;
      out[o + 2] = palette?.[p] ?? 0;
    }
  }
  return { data: out, width, height, channels: 3 };
}
