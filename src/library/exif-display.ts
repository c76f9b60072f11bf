import exifr from 'exifr';

export interface ExifLine {
  label: string;
  value: string;
}

/** Values translated for people (`Flash: "Flash did not fire"`); one object for every parse (see metadata.ts). */
const DISPLAY_OPTIONS = { tiff: true, exif: true, gps: true, ifd1: false, xmp: false, icc: false, iptc: false, translateValues: true, reviveValues: true, mergeOutput: true };

const pad = (n: number) => String(n).padStart(2, '0');

/** EXIF dates are wall-clock; exifr revived them in local time: shown as they were written. */
function date(v: unknown): string | undefined {
  if (!(v instanceof Date) || Number.isNaN(v.getTime())) return undefined;
  return `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())} ${pad(v.getHours())}:${pad(v.getMinutes())}:${pad(v.getSeconds())}`;
}

function plain(v: unknown): string | undefined {
  if (typeof v === 'string') return v.replace(/\0+$/, '').trim() || undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(Math.round(v * 1e6) / 1e6);
  return undefined;
}

function exposure(v: unknown): string | undefined {
  if (typeof v !== 'number' || !(v > 0)) return undefined;
  return v >= 1 ? `${Math.round(v * 10) / 10} s` : `1/${Math.round(1 / v)} s`;
}

/** What Photo.getexif shows, in this order: label, EXIF tag, how its value reads. */
const LINES: Array<[string, string, (v: unknown) => string | undefined]> = [
  ['Date taken', 'DateTimeOriginal', date],
  ['Camera make', 'Make', plain],
  ['Camera model', 'Model', plain],
  ['Lens', 'LensModel', plain],
  ['Exposure time', 'ExposureTime', exposure],
  ['Aperture', 'FNumber', (v) => (typeof v === 'number' && v > 0 ? `f/${Math.round(v * 10) / 10}` : undefined)],
  ['ISO', 'ISO', plain],
  ['Focal length', 'FocalLength', (v) => (typeof v === 'number' && v > 0 ? `${Math.round(v * 10) / 10} mm` : undefined)],
  ['Exposure bias', 'ExposureCompensation', (v) => (typeof v === 'number' ? `${Math.round(v * 100) / 100} EV` : undefined)],
  ['Exposure program', 'ExposureProgram', plain],
  ['Metering mode', 'MeteringMode', plain],
  ['Flash', 'Flash', plain],
  ['White balance', 'WhiteBalance', plain],
  ['Software', 'Software', plain],
  ['Latitude', 'latitude', plain],
  ['Longitude', 'longitude', plain],
  ['Altitude', 'GPSAltitude', (v) => (typeof v === 'number' ? `${Math.round(v * 10) / 10} m` : undefined)],
];

/** The EXIF of a file's first bytes as labelled lines; none for a file without EXIF. Never throws. */
export async function exifLines(head: Buffer): Promise<ExifLine[]> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = (await exifr.parse(head, DISPLAY_OPTIONS)) as Record<string, unknown> | undefined;
  } catch {
    return [];
  }
  if (!tags) return [];
  const out: ExifLine[] = [];
  for (const [label, key, show] of LINES) {
    const value = show(tags[key]);
    if (value !== undefined) out.push({ label, value: value.slice(0, 1024) });
  }
  return out;
}
