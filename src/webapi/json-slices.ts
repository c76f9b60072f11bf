import { JsonText } from './envelope.ts';
import { yieldToLoop } from '../runtime/yield.ts';

/** Elements serialised per turn of the event loop: ~1-2 ms for per-item results. */
const SLICE = 2_000;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function longList(value: unknown): boolean {
  return Array.isArray(value) && value.length > SLICE;
}

/** Whether sliceLongLists would slice `data`: a long list at the top or one property down. */
export function hasLongList(data: unknown): boolean {
  if (longList(data)) return true;
  if (!isPlainObject(data)) return false;
  // A loop rather than Object.values: this runs on every answer given at once.
  for (const key in data) if (longList(data[key])) return true;
  return false;
}

/**
 * An answer holding a long list (`items` of a 100 000-id Photo.copy: ~12 MB of JSON, ~120 ms
 * in one `JSON.stringify`) as JsonText, serialised a slice at a time with a turn of the event
 * loop between slices, so other requests are answered meanwhile. Anything else is returned as
 * it is. Only a list at the top or one property down is sliced: that is where per-item results
 * live; the bytes are exactly those of `JSON.stringify(data)`.
 */
export async function sliceLongLists(data: unknown): Promise<unknown> {
  if (longList(data)) return inTurns(new JsonText(...(await listChunks(data as unknown[]))));
  if (!isPlainObject(data) || !hasLongList(data)) return data;
  const chunks: (string | Buffer)[] = ['{'];
  let first = true;
  for (const [key, value] of Object.entries(data)) {
    const text = longList(value) ? undefined : JSON.stringify(value);
    // JSON.stringify leaves out properties it cannot represent (undefined, functions, symbols).
    if (!longList(value) && text === undefined) continue;
    chunks.push(`${first ? '' : ','}${JSON.stringify(key)}:`);
    first = false;
    if (text !== undefined) chunks.push(text);
    else chunks.push(...(await listChunks(value as unknown[])));
  }
  chunks.push('}');
  return inTurns(new JsonText(...chunks));
}

/** The answer's bytes put together in turns too (JsonText.envelopeInTurns), not in the turn that sends them. */
async function inTurns(text: JsonText): Promise<JsonText> {
  await text.envelopeInTurns();
  return text;
}

/** The list's JSON, its slices already UTF-8 so that their encoding is spread over the turns too. */
async function listChunks(list: unknown[]): Promise<(string | Buffer)[]> {
  const chunks: (string | Buffer)[] = ['['];
  for (let i = 0; i < list.length; i += SLICE) {
    if (i > 0) {
      await yieldToLoop();
      chunks.push(',');
    }
    // The slice's own brackets are dropped: the slices join into one array.
    chunks.push(Buffer.from(JSON.stringify(list.slice(i, i + SLICE)).slice(1, -1)));
  }
  chunks.push(']');
  return chunks;
}
