/** Pixel size from an image's first bytes: JPEG (SOF marker), PNG (IHDR), GIF, BMP, HEIF (ispe, irot). */
export function imageSize(b: Buffer): { width: number; height: number } | undefined {
  if (isHeif(b)) return heifSize(b);
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47) return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.length >= 10 && b.toString('latin1', 0, 3) === 'GIF') return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  if (b.length >= 26 && b.toString('latin1', 0, 2) === 'BM') return { width: Math.abs(b.readInt32LE(18)), height: Math.abs(b.readInt32LE(22)) };
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) return jpegSize(b);
  return undefined;
}

function jpegSize(b: Buffer): { width: number; height: number } | undefined {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1] as number;
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    const len = b.readUInt16BE(i + 2);
    // SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    i += 2 + len;
  }
  return undefined;
}

/** Whether `b` starts a HEIF file (HEIC, and AVIF too): an `ftyp` box whose major brand is a HEIF one. */
export function isHeif(b: Buffer): boolean {
  return b.length >= 12 && b.toString('latin1', 4, 8) === 'ftyp' && ['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1', 'avif'].includes(b.toString('latin1', 8, 12));
}

/**
 * The upright size of a HEIF picture: the first `ispe` property (the primary image's, as phones
 * write it), sides swapped when an `irot` turns it a quarter. A HEIF reader applies `irot`
 * itself, so this is the size decoded pixels have. Undefined when the head does not reach it.
 */
export function heifSize(b: Buffer): { width: number; height: number } | undefined {
  const at = b.indexOf('ispe', 12, 'latin1');
  if (at < 4 || at + 16 > b.length) return undefined;
  const width = b.readUInt32BE(at + 8);
  const height = b.readUInt32BE(at + 12);
  if (!width || !height) return undefined;
  const rot = b.indexOf('irot', 12, 'latin1');
  const quarter = rot >= 4 && rot + 5 <= b.length && ((b[rot + 4] as number) & 1) === 1;
  return quarter ? { width: height, height: width } : { width, height };
}
