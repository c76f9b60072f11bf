import exifr from 'exifr';
import type { FileTags, Region } from './tags.ts';

/**
 * Markers of the blocks that hold keywords and people: an XMP packet (its namespace URI in the
 * APP1 header) or a Photoshop IRB (APP13, where IPTC lives). Most files have neither, and are not
 * parsed a second time.
 */
const XMP_MARK = Buffer.from('http://ns.adobe.com/xap/1.0/');
const IPTC_MARK = Buffer.from('Photoshop 3.0');

/**
 * XMP and IPTC only, namespaces kept apart (`mergeOutput: false`): merged, XMP's own
 * `exif:DateTimeOriginal` (text) would shadow the EXIF date the main parse reads. One object for
 * every parse (see EXIF_OPTIONS in metadata.ts for why).
 */
const TAG_OPTIONS = {
  tiff: false,
  exif: false,
  gps: false,
  ifd1: false,
  interop: false,
  icc: false,
  jfif: false,
  ihdr: false,
  xmp: true,
  iptc: true,
  translateValues: false,
  mergeOutput: false,
};

/** Names are kept to what a tag name can be; a file can say anything. */
const MAX_NAME = 255;
const MAX_TAGS = 200;

/** A single XMP value (exifr collapses a one-element Bag) or a list of them, as a list. */
function many(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function text(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return '';
  // Control characters (a NUL-terminated IPTC string, a stray newline) are no part of a name.
  return [...v]
    .filter((c) => c >= ' ')
    .join('')
    .trim()
    .slice(0, MAX_NAME);
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function fraction(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** Clamped into the image: a region that pokes out by rounding still names the face. */
function region(x: number, y: number, w: number, h: number): Region | undefined {
  if (!(w > 0 && h > 0)) return undefined;
  const cx = Math.min(1, Math.max(0, x));
  const cy = Math.min(1, Math.max(0, y));
  return { x: cx, y: cy, width: Math.min(1 - cx, w), height: Math.min(1 - cy, h) };
}

/**
 * MWG regions (Lightroom, digiKam, Picasa): `Area` x/y is the region's centre, in fractions of
 * the image (`normalized`) or in pixels of `AppliedToDimensions`.
 */
function mwgPeople(regions: Record<string, unknown> | undefined): FileTags['people'] {
  if (!regions) return [];
  const dims = obj(regions.AppliedToDimensions);
  const dw = fraction(dims?.w);
  const dh = fraction(dims?.h);
  const out: FileTags['people'] = [];
  for (const r of many(regions.RegionList)) {
    const reg = obj(r);
    const area = obj(reg?.Area);
    const name = text(reg?.Name);
    if (!reg || !area || name === '' || (reg.Type !== undefined && reg.Type !== 'Face')) continue;
    let [x, y, w, h] = [fraction(area.x), fraction(area.y), fraction(area.w), fraction(area.h)];
    if (x === undefined || y === undefined || w === undefined || h === undefined) continue;
    if (area.unit === 'pixel') {
      if (!dw || !dh) continue;
      [x, y, w, h] = [x / dw, y / dh, w / dw, h / dh];
    }
    const found = region(x - w / 2, y - h / 2, w, h);
    if (found) out.push({ name, ...found });
  }
  return out;
}

/** Microsoft Photo regions (Windows Photo Gallery): `Rectangle` "x, y, w, h", top left corner. */
function mpPeople(info: Record<string, unknown> | undefined): FileTags['people'] {
  const out: FileTags['people'] = [];
  for (const r of many(info?.Regions)) {
    const reg = obj(r);
    const name = text(reg?.PersonDisplayName);
    const rect = typeof reg?.Rectangle === 'string' ? reg.Rectangle.split(',').map((s) => fraction(s.trim())) : [];
    if (name === '' || rect.length !== 4 || rect.some((n) => n === undefined)) continue;
    const [x, y, w, h] = rect as [number, number, number, number];
    const found = region(x, y, w, h);
    if (found) out.push({ name, ...found });
  }
  return out;
}

/**
 * exifr reads IPTC text as Latin-1, but Lightroom and most tools since write UTF-8 (record 1:90
 * says so, and exifr does not look). Bytes that form valid UTF-8 are taken as UTF-8: Latin-1 text
 * almost never does.
 */
function iptcText(v: unknown): unknown {
  if (typeof v !== 'string' || !/[\u0080-\u00ff]/.test(v) || [...v].some((c) => c > '\u00ff')) return v;
  const utf8 = Buffer.from(v, 'latin1').toString('utf8');
  return utf8.includes('\ufffd') ? v : utf8;
}

/**
 * Keywords (IPTC `Keywords`, XMP `dc:subject`) and named face regions (XMP MWG and Microsoft
 * regions) in a file's first bytes; undefined when there are none. Never throws.
 */
export async function readFileTags(head: Buffer): Promise<FileTags | undefined> {
  if (head.indexOf(XMP_MARK) < 0 && head.indexOf(IPTC_MARK) < 0) return undefined;
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = (await exifr.parse(head, TAG_OPTIONS)) as Record<string, unknown> | undefined;
  } catch {
    return undefined;
  }
  if (!parsed) return undefined;
  const keywords = new Map<string, string>();
  for (const k of [...many(obj(parsed.iptc)?.Keywords).map(iptcText), ...many(obj(parsed.dc)?.subject)]) {
    const name = text(k);
    // One tag per name, letter case aside, as the index keeps them.
    if (name !== '' && !keywords.has(name.toLowerCase())) keywords.set(name.toLowerCase(), name);
  }
  const people = new Map<string, FileTags['people'][number]>();
  for (const p of [...mwgPeople(obj(obj(parsed['mwg-rs'])?.Regions)), ...mpPeople(obj(obj(parsed.MP)?.RegionInfo))]) {
    if (!people.has(p.name.toLowerCase())) people.set(p.name.toLowerCase(), p);
  }
  if (keywords.size === 0 && people.size === 0) return undefined;
  return { keywords: [...keywords.values()].slice(0, MAX_TAGS), people: [...people.values()].slice(0, MAX_TAGS) };
}
