import type { ErrorCode, ItemError } from '../codes.ts';
import { timeSlices, yieldToLoop } from '../runtime/yield.ts';

/** The two shapes every WebAPI answer takes (docs/protocol.md §2). Built here and nowhere else. */
export interface Success {
  success: true;
  data?: unknown;
}
export interface Failure {
  success: false;
  error: { code: ErrorCode; errors?: ItemError[] };
}
export type Envelope = Success | Failure;

const OK_HEAD = Buffer.from('{"success":true,"data":');
const OK_TAIL = Buffer.from('}');

/**
 * A handler's `data` already serialized, for answers cached as text (a page of 100 items costs
 * ~100 µs to stringify, more than the rest of the request). The chunks, strings or UTF-8 bytes,
 * put end to end must be exactly what `JSON.stringify(data)` would give: the envelope writes
 * them verbatim. Cached text is best kept as bytes, so it is not encoded again per request.
 */
export class JsonText {
  readonly chunks: readonly (string | Uint8Array)[];
  /** The success envelope around the chunks, built on first use: a cached answer is sent as the same bytes each time. */
  #envelope: Buffer | undefined;

  constructor(...chunks: (string | Uint8Array)[]) {
    this.chunks = chunks;
  }

  envelope(): Buffer {
    this.#envelope ??= Buffer.concat(this.#parts());
    return this.#envelope;
  }

  /**
   * Builds the envelope ahead, a few parts a turn of the event loop: the 12 MB answer of a
   * 100 000-id Photo.copy copied in one `Buffer.concat` took ~20 ms of the turn that sends it,
   * which then held the loop over 50 ms.
   */
  async envelopeInTurns(): Promise<void> {
    if (this.#envelope) return;
    const parts = this.#parts();
    const out = Buffer.allocUnsafe(parts.reduce((n, p) => n + p.length, 0));
    const slices = timeSlices(4);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
      if (slices.over()) await yieldToLoop();
    }
    this.#envelope = out;
  }

  #parts(): Uint8Array[] {
    const parts: Uint8Array[] = [OK_HEAD];
    for (const chunk of this.chunks) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    parts.push(OK_TAIL);
    return parts;
  }
}

const answers = new WeakMap<Uint8Array, Map<string, JsonText>>();
/** Heads kept per page: a page is answered with one or two (offsets past the end share its page). */
const HEADS_PER_PAGE = 4;

/**
 * `new JsonText(head, page, tail)` for a cached page of a listing, itself kept as long as the
 * page is (the page's cache drops the page, and with it these): the envelope of a page asked
 * again is the same buffer, not a copy of the page made per request (6 % of a cached Photo.list).
 */
export function pageJsonText(head: string, page: Uint8Array, tail: string): JsonText {
  let byHead = answers.get(page);
  if (!byHead) answers.set(page, (byHead = new Map()));
  let text = byHead.get(`${head}\n${tail}`);
  if (!text) {
    text = new JsonText(head, page, tail);
    if (byHead.size < HEADS_PER_PAGE) byHead.set(`${head}\n${tail}`, text);
  }
  return text;
}

export function ok(data?: unknown): Success {
  return data === undefined ? { success: true } : { success: true, data };
}

/**
 * The success envelope as the body to send: the same bytes as `JSON.stringify(ok(data))`, as
 * text, or, for a JsonText, as one buffer (no second stringify nor encoding of its chunks).
 */
export function okBody(data: unknown): string | Buffer {
  if (!(data instanceof JsonText)) return JSON.stringify(ok(data));
  return data.envelope();
}

export function fail(code: ErrorCode, errors?: ItemError[]): Failure {
  return errors && errors.length > 0 ? { success: false, error: { code, errors } } : { success: false, error: { code } };
}
