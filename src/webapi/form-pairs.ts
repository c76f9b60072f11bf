/// <reference lib="es2024.string" />
import { yieldToLoop } from '../runtime/yield.ts';
/**
 * `application/x-www-form-urlencoded` text (a form body or a query string) to its name/value
 * pairs, as the WHATWG URL standard decodes it: `+` is a space, `%XX` a byte, and the bytes are
 * read as UTF-8 with U+FFFD for what is not. Node 20's `URLSearchParams` does the same except
 * that it garbles raw (unescaped) non-ASCII characters in a name or value that also holds a
 * broken escape: `a=%A9é` gave `��` and `a=%A9😀` gave `�=\0`. A long body is decoded in
 * slices with a turn of the event loop between them: one `URLSearchParams` over the 7 MB form
 * of a 100 000-id `Photo.copy` held the loop for ~40 ms.
 */

/** Text up to this many characters is decoded at once; longer text a slice of it at a time. */
export const FORM_SLICE = 256 * 1024;

/** How long decoding may hold the event loop before it yields. */
const TURN_MS = 4;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** One name or value: `+` to space, `%XX` to its byte, the bytes as UTF-8 (a lone surrogate is U+FFFD). */
export function decodeComponent(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text.toWellFormed();
  const bytes = Buffer.from(text, 'utf8');
  let w = 0;
  for (let r = 0; r < bytes.length; r++) {
    const b = bytes[r] as number;
    if (b === 0x2b) {
      bytes[w++] = 0x20;
    } else if (b === 0x25 && r + 2 < bytes.length) {
      const hi = hexValue(bytes[r + 1] as number);
      const lo = hexValue(bytes[r + 2] as number);
      if (hi < 0 || lo < 0) {
        bytes[w++] = b;
      } else {
        bytes[w++] = hi * 16 + lo;
        r += 2;
      }
    } else {
      bytes[w++] = b;
    }
  }
  return bytes.toString('utf8', 0, w);
}

/**
 * The pairs of `text`, in order, appended to `into`; empty pairs are skipped and a pair without
 * `=` has the value ''.
 */
export function pairsOf(text: string, into: Array<[string, string]> = []): Array<[string, string]> {
  for (let pos = 0; pos < text.length;) {
    let end = text.indexOf('&', pos);
    if (end < 0) end = text.length;
    if (end > pos) {
      // The `=` is looked for inside this pair only: a search to the end of the text for each
      // pair without one made `a&a&…` quadratic.
      const pair = text.slice(pos, end);
      const eq = pair.indexOf('=');
      into.push(eq < 0 ? [decodeComponent(pair), ''] : [decodeComponent(pair.slice(0, eq)), decodeComponent(pair.slice(eq + 1))]);
    }
    pos = end + 1;
  }
  return into;
}

/**
 * Where `text` may be cut so that each piece decodes to its part of the whole: never inside a
 * `%XX` escape nor between the halves of a surrogate pair, and before an escape only when its
 * byte cannot continue a UTF-8 sequence (below 0x80 or from 0xC0): a text of nothing but escapes
 * can be cut too. At or after `at`, at most `end`.
 */
function cutAt(text: string, at: number, end: number): number {
  for (let p = at; p < end; p++) {
    if (text.charCodeAt(p - 1) === 0x25 || text.charCodeAt(p - 2) === 0x25) continue;
    const c = text.charCodeAt(p);
    if (c >= 0xdc00 && c <= 0xdfff) continue;
    if (c !== 0x25) return p;
    const hi = hexValue(text.charCodeAt(p + 1));
    const lo = hexValue(text.charCodeAt(p + 2));
    if (hi < 0 || lo < 0) return p; // a literal '%'
    const byte = hi * 16 + lo;
    if (byte < 0x80 || byte >= 0xc0) return p;
  }
  return end;
}

/** `text[from, to)`, a name or a value, decoded a slice at a time. */
async function decodeLong(text: string, from: number, to: number, slice: number): Promise<string> {
  const parts: string[] = [];
  let turn = performance.now();
  for (let p = from; p < to;) {
    const cut = cutAt(text, Math.min(p + slice, to), to);
    parts.push(decodeComponent(text.slice(p, cut)));
    p = cut;
    if (performance.now() - turn > TURN_MS) {
      await yieldToLoop();
      turn = performance.now();
    }
  }
  return parts.join('');
}

/** `pairsOf(text)`, decoded a slice at a time when the text is longer than `slice`. */
export async function formPairs(text: string, slice = FORM_SLICE): Promise<Array<[string, string]>> {
  if (text.length <= slice) return pairsOf(text);
  const pairs: Array<[string, string]> = [];
  let turn = performance.now();
  const pause = async () => {
    if (performance.now() - turn > TURN_MS) {
      await yieldToLoop();
      turn = performance.now();
    }
  };
  // Runs of ordinary pairs are decoded a slice's worth at a time; a pair longer than a slice alone.
  let group = 0;
  for (let pos = 0; pos < text.length;) {
    let end = text.indexOf('&', pos);
    if (end < 0) end = text.length;
    if (end - pos > slice) {
      pairsOf(text.slice(group, pos), pairs);
      const eq = text.slice(pos, end).indexOf('=');
      const nameEnd = eq < 0 ? end : pos + eq;
      const name = await decodeLong(text, pos, nameEnd, slice);
      pairs.push([name, nameEnd < end ? await decodeLong(text, nameEnd + 1, end, slice) : '']);
      group = end + 1;
      await pause();
    } else if (end - group >= slice) {
      pairsOf(text.slice(group, end), pairs);
      group = end + 1;
      await pause();
    }
    pos = end + 1;
  }
  if (group < text.length) pairsOf(text.slice(group), pairs);
  return pairs;
}
