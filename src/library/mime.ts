import { extensionOf } from './media.ts';

/**
 * Content types of the extensions media.ts counts as items (SPEC §8), for downloads. Camera raw
 * formats have no registered type; the `image/x-<maker>-<ext>` names are the ones freedesktop's
 * shared-mime-info uses, which is what desktop viewers look for. A test checks that every
 * extension media.ts knows is here.
 */
const TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jpe: 'image/jpeg',
  bmp: 'image/bmp',
  gif: 'image/gif',
  png: 'image/png',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  heic: 'image/heic',
  heif: 'image/heif',
  arw: 'image/x-sony-arw',
  srf: 'image/x-sony-srf',
  sr2: 'image/x-sony-sr2',
  dcr: 'image/x-kodak-dcr',
  k25: 'image/x-kodak-k25',
  kdc: 'image/x-kodak-kdc',
  cr2: 'image/x-canon-cr2',
  crw: 'image/x-canon-crw',
  nef: 'image/x-nikon-nef',
  mrw: 'image/x-minolta-mrw',
  ptx: 'image/x-pentax-pef',
  pef: 'image/x-pentax-pef',
  raf: 'image/x-fuji-raf',
  '3fr': 'image/x-hasselblad-3fr',
  erf: 'image/x-epson-erf',
  mef: 'image/x-mamiya-mef',
  mos: 'image/x-leaf-mos',
  orf: 'image/x-olympus-orf',
  rw2: 'image/x-panasonic-rw2',
  dng: 'image/x-adobe-dng',
  x3f: 'image/x-sigma-x3f',
  raw: 'image/x-panasonic-raw',
  mpg: 'video/mpeg',
  mpeg: 'video/mpeg',
  dat: 'video/mpeg',
  avi: 'video/x-msvideo',
  divx: 'video/x-msvideo',
  xvid: 'video/x-msvideo',
  wmv: 'video/x-ms-wmv',
  asf: 'video/x-ms-asf',
  mov: 'video/quicktime',
  qt: 'video/quicktime',
  flv: 'video/x-flv',
  f4v: 'video/mp4',
  '3gp': 'video/3gpp',
  '3g2': 'video/3gpp2',
  mp4: 'video/mp4',
  m4v: 'video/x-m4v',
  m2ts: 'video/mp2t',
  m2t: 'video/mp2t',
  mts: 'video/mp2t',
};

/** The content type a download of `name` is sent with; bytes of an unknown kind otherwise. */
export function contentTypeOf(name: string): string {
  return TYPES[extensionOf(name)] ?? 'application/octet-stream';
}

/** Whether `ext` has its own entry (for the test that keeps this table complete). */
export function hasContentType(ext: string): boolean {
  return Object.hasOwn(TYPES, ext);
}
