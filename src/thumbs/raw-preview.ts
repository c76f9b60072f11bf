/**
 * The largest JPEG a camera raw file carries (SPEC §14: "raw files whose embedded preview can be
 * read"). libvips cannot develop raw sensor data; nearly every raw format embeds a JPEG preview
 * for the camera's own screen, often full size. Two ways to find it:
 * 1. TIFF-based raws (CR2, NEF, ARW, DNG, ORF, PEF, RW2, SRW, ...): walk IFD0, its chain and
 *    SubIFDs, and collect JPEGInterchangeFormat/Length pairs and single-strip JPEG-compressed
 *    images whose bytes start with a JPEG SOI marker;
 * 2. otherwise (RAF, CRW, X3F, ...): every SOI marker, found with Buffer.indexOf (memchr-speed).
 * The renderer keeps the candidate that decodes to the most pixels.
 */
const SOI = Buffer.from([0xff, 0xd8, 0xff]);
const MAX_IFDS = 64;

type Span = { offset: number; length: number };

function isJpegAt(b: Buffer, offset: number): boolean {
  return offset >= 0 && offset + 3 <= b.length && b[offset] === 0xff && b[offset + 1] === 0xd8 && b[offset + 2] === 0xff;
}

function tiffSpans(b: Buffer): Span[] {
  if (b.length < 8) return [];
  const order = b.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return [];
  const le = order === 'II';
  const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  // 42 is TIFF; RW2 (0x55) and ORF (0x4f52, 0x5352) use their own magic on the same layout.
  if (![42, 0x55, 0x4f52, 0x5352].includes(u16(2))) return [];
  const spans: Span[] = [];
  const seen = new Set<number>();
  const todo = [u32(4)];
  while (todo.length > 0 && seen.size < MAX_IFDS) {
    const ifd = todo.pop() as number;
    if (ifd === 0 || seen.has(ifd) || ifd + 2 > b.length) continue;
    seen.add(ifd);
    const count = u16(ifd);
    if (ifd + 2 + count * 12 + 4 > b.length) continue;
    const tags = new Map<number, { type: number; n: number; value: number }>();
    for (let i = 0; i < count; i++) {
      const e = ifd + 2 + i * 12;
      const type = u16(e + 2);
      const n = u32(e + 4);
      const value = type === 3 && n === 1 ? u16(e + 8) : u32(e + 8);
      tags.set(u16(e), { type, n, value });
    }
    const jif = tags.get(0x201);
    const jifLength = tags.get(0x202);
    if (jif && jifLength) spans.push({ offset: jif.value, length: jifLength.value });
    const compression = tags.get(0x103)?.value;
    const strip = tags.get(0x111);
    const stripLength = tags.get(0x117);
    if ((compression === 6 || compression === 7) && strip?.n === 1 && stripLength?.n === 1) spans.push({ offset: strip.value, length: stripLength.value });
    const sub = tags.get(0x14a);
    if (sub) {
      if (sub.n === 1) todo.push(sub.value);
      else for (let i = 0; i < Math.min(sub.n, 16) && sub.value + i * 4 + 4 <= b.length; i++) todo.push(u32(sub.value + i * 4));
    }
    todo.push(u32(ifd + 2 + count * 12));
  }
  return spans.filter((s) => s.length > 0 && s.offset + s.length <= b.length && isJpegAt(b, s.offset));
}

function scannedSpans(b: Buffer): Span[] {
  // From each SOI marker to the end: the decoder stops at the JPEG's own end, and an EOI search
  // would cut a preview at the end of the EXIF thumbnail nested inside it.
  const spans: Span[] = [];
  for (let at = b.indexOf(SOI); at >= 0 && spans.length < 8; at = b.indexOf(SOI, at + 3)) spans.push({ offset: at, length: b.length - at });
  return spans;
}

/** The embedded JPEGs worth trying, best guess first; the caller keeps the one with most pixels. */
export function embeddedJpegs(file: Buffer): Buffer[] {
  let spans = tiffSpans(file);
  if (spans.length === 0) spans = scannedSpans(file);
  return spans.sort((x, y) => y.length - x.length).map((s) => file.subarray(s.offset, s.offset + s.length));
}
