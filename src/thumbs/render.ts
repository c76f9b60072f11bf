import sharp from 'sharp';
import type { Sharp, SharpOptions } from 'sharp';
import { lowerThreads } from '../runtime/thread-priority.ts';
import { scaled, SIZE_ORDER, THUMB_SIZES } from './sizes.ts';
import type { ThumbSize } from './sizes.ts';

/** The name libvips gives the threads that decode and resize (the `comm` of its entry in /proc/self/task). */
export const LIBVIPS_WORKER = 'libvips worker';

/** SPEC §19: a header claiming more pixels than this is refused before any decoding. */
export const MAX_INPUT_PIXELS = 268_402_689;

/** What a decoder is given: a path sharp opens itself, bytes, or raw pixels. */
export type RenderInput = { file: string } | { bytes: Buffer } | { raw: Buffer; width: number; height: number; channels: 3 | 4 };

export type Rendered = Record<ThumbSize, Buffer>;

export interface RenderLimits {
  /** Seconds one decode may take (sharp's `timeout`); past it the picture counts as undecodable. */
  seconds: number;
}

/** A picture that cannot be made into thumbnails: broken, too big, too slow, unknown format. */
export class Undecodable extends Error {}

const JPEG = { quality: 82, mozjpeg: false } as const;

// libvips' operation cache keeps recent inputs and results for reuse; thumbnails are made once
// each, so it would only hold memory.
sharp.cache(false);

function open(input: RenderInput): Sharp {
  // failOn 'error': camera files often carry warnings (a short last scan, odd markers) and still
  // show fine; errors are refused. sequentialRead lets libvips stream the decode.
  const options: SharpOptions = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', sequentialRead: true };
  if ('file' in input) return sharp(input.file, options);
  if ('bytes' in input) return sharp(input.bytes, options);
  return sharp(input.raw, { ...options, raw: { width: input.width, height: input.height, channels: input.channels } });
}

/** Pixel size of the input as stored, and whether its EXIF orientation turns it a quarter. */
export async function inputSize(input: RenderInput): Promise<{ width: number; height: number; quarter: boolean } | undefined> {
  if ('raw' in input) return { width: input.width, height: input.height, quarter: false };
  try {
    const m = await open(input).metadata();
    if (!m.width || !m.height) return undefined;
    return { width: m.width, height: m.height, quarter: (m.orientation ?? 1) >= 5 };
  } catch {
    return undefined;
  }
}

/**
 * The three thumbnails of a picture, from ONE decode of the original: the large size is decoded
 * (JPEG shrink-on-load does most of the scaling inside libjpeg), upright (EXIF orientation, then
 * the user's `rotation`, clockwise), flattened onto white (JPEG has no alpha), in sRGB, and
 * encoded; the smaller sizes are made from that large JPEG (decoding 1 280 pixels with
 * shrink-on-load costs a few milliseconds, against 150 for a 12 MP original).
 *
 * Why not from raw pixels: the large size's pixels (3.7 MB at 1 280 x 960) would be a buffer of
 * the JavaScript heap's, counted as external memory; every ten pictures or so that memory made
 * V8 run a full garbage collection, which on a busy machine held the event loop 50-100 ms
 * (docs/performance.md, "Thumbnails"). The JPEG is 25 times smaller.
 *
 * Every step runs on libuv's thread pool (sharp); nothing here holds the event loop.
 * Dimensions are computed here, exactly as thumbSizeJson predicts them (sizes.ts), and forced.
 */
export async function render(input: RenderInput, rotation: number, limits: RenderLimits): Promise<Rendered> {
  const size = await inputSize(input);
  if (!size) throw new Undecodable('unknown or broken picture');
  if (size.width * size.height > MAX_INPUT_PIXELS) throw new Undecodable('too many pixels');
  const quarter = size.quarter !== (rotation === 90 || rotation === 270);
  const w = quarter ? size.height : size.width;
  const h = quarter ? size.width : size.height;
  const large = scaled(w, h, THUMB_SIZES.large);
  const out = {} as Rendered;
  try {
    let pipeline = open(input).timeout({ seconds: limits.seconds }).autoOrient();
    if (rotation) pipeline = pipeline.rotate(rotation);
    out.large = await pipeline.resize(large.width, large.height, { fit: 'fill' }).flatten({ background: '#ffffff' }).toColourspace('srgb').jpeg(JPEG).toBuffer();
  } catch (err) {
    throw new Undecodable(err instanceof Error ? err.message : String(err));
  }
  await Promise.all(
    SIZE_ORDER.filter((name) => name !== 'large').map(async (name) => {
      const dims = scaled(w, h, THUMB_SIZES[name]);
      out[name] = await sharp(out.large).resize(dims.width, dims.height, { fit: 'fill' }).jpeg(JPEG).toBuffer();
    }),
  );
  // libvips starts its workers as it needs them; each new one goes below requests (the main thread).
  lowerThreads(LIBVIPS_WORKER);
  return out;
}
