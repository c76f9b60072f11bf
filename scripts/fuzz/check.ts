import { isKnownCode } from '../../src/webapi/codes.ts';
import type { FuzzRequest } from './generate.ts';
import type { Answer } from './send.ts';

export interface Verdict {
  /** Bucket for the counts: `ok`, `101`, `404`, `http-400`, `no-answer`, ... */
  outcome: string;
  /** The envelope's error code, when there was one. */
  code?: number;
  problems: string[];
}

const HEADERS: Record<string, string> = {
  'cache-control': 'no-cache, no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/** Status codes Node's own HTTP parser answers for bytes that are not a valid HTTP request. */
const PARSER_STATUSES = new Set([400, 413, 414, 431, 501, 505]);

/** Checks one envelope (SPEC §3): HTTP 200, JSON, `success` boolean, a known `error.code` on failure. */
/** What a method that answers bytes may send besides an envelope: the file (or a part of it), 304, 416. */
const BINARY_STATUSES = new Set([200, 206, 304, 416]);

/**
 * A bytes answer (a descriptor flagged `binary`): one of BINARY_STATUSES, never HTML, always
 * `nosniff` (the bytes are the user's, never to be run as a page).
 */
function checkBinary(a: Extract<Answer, { kind: 'response' }>, problems: string[]): 'ok' | undefined {
  if (!BINARY_STATUSES.has(a.status)) {
    problems.push(`HTTP ${a.status} from a binary method`);
    return undefined;
  }
  if (a.headers['x-content-type-options'] !== 'nosniff') problems.push('a binary answer without X-Content-Type-Options: nosniff');
  return 'ok';
}

function checkEnvelope(a: Extract<Answer, { kind: 'response' }>, problems: string[], binaryOk: boolean): number | 'ok' | undefined {
  const type = String(a.headers['content-type'] ?? '');
  const json = type.startsWith('application/json');
  if (binaryOk && !json && !type.startsWith('text/html')) return checkBinary(a, problems);
  if (a.status !== 200) {
    problems.push(`HTTP ${a.status} instead of 200`);
    return undefined;
  }
  if (!json) {
    problems.push(`Content-Type \`${type}\` instead of JSON`);
    return undefined;
  }
  for (const [name, value] of Object.entries(HEADERS)) {
    if (a.headers[name] !== value) problems.push(`header ${name} is \`${String(a.headers[name])}\``);
  }
  let body: unknown;
  try {
    body = JSON.parse(a.body.toString('utf8'));
  } catch {
    problems.push('body is not one JSON document');
    return undefined;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    problems.push('body is not a JSON object');
    return undefined;
  }
  const env = body as { success?: unknown; error?: { code?: unknown; errors?: unknown } };
  if (typeof env.success !== 'boolean') {
    problems.push('`success` is not a boolean');
    return undefined;
  }
  if (env.success) return 'ok';
  const code = env.error?.code;
  if (!isKnownCode(code)) {
    problems.push(`error.code \`${String(code)}\` is not in SPEC §3`);
    return undefined;
  }
  const errors = env.error?.errors;
  if (errors !== undefined && (!Array.isArray(errors) || errors.some((e) => !isKnownCode((e as { code?: unknown })?.code)))) {
    problems.push('error.errors is not a list of {id, code} with known codes');
  }
  return code;
}

/** What no answer may contain: the server's own paths, a stack trace, a sentinel file's bytes. */
export function leaks(body: Buffer, secrets: string[]): string[] {
  const text = body.toString('latin1');
  const out: string[] = [];
  for (const s of secrets) if (text.includes(s)) out.push(`answer contains \`${s.slice(0, 60)}\``);
  if (/\n\s+at .+\(.+:\d+:\d+\)/.test(text)) out.push('answer contains a stack trace');
  return out;
}

export function judge(req: FuzzRequest, a: Answer, secrets: string[]): Verdict {
  const problems: string[] = [];
  if (a.kind === 'none') {
    // A raw exchange that was cut or half-closed by us may end without an answer.
    if (req.expect === 'raw') return { outcome: 'no-answer', problems };
    problems.push(`no answer: ${a.reason}`);
    return { outcome: a.reason === 'timeout' ? 'timeout' : 'no-answer', problems };
  }
  problems.push(...leaks(a.body, secrets));
  if (/text\/html/.test(String(a.headers['content-type'] ?? ''))) problems.push('an HTML page');
  if (req.expect === 'not-found') {
    if (a.status !== 404 && a.status !== 405) problems.push(`HTTP ${a.status} instead of 404`);
    return { outcome: String(a.status), problems };
  }
  if (req.expect === 'web-redirect') {
    if (a.status !== 302 || a.headers.location !== '/photo/' || a.body.length > 0)
      problems.push(`HTTP ${a.status} (Location ${String(a.headers.location)}, ${a.body.length} bytes) instead of an empty redirect to /photo/`);
    return { outcome: 'redirect', problems };
  }
  if (req.expect === 'head') {
    // A WebAPI call has effects, so HEAD runs nothing: 405 at a WebAPI path, 404 elsewhere;
    // except a reading method answering bytes (Thumb.get, Download), which answers as to GET, no body.
    const allowed = req.binaryOk ? [200, 206, 304, 416, 404, 405] : [404, 405];
    if (!allowed.includes(a.status) || a.body.length > 0) problems.push(`HEAD got ${a.status} with ${a.body.length} bytes`);
    return { outcome: `head-${a.status}`, problems };
  }
  if (req.expect === 'envelope-or-404' && a.status === 404) return { outcome: '404', problems };
  // Bytes that are not HTTP never reach the app: Node's parser refuses them itself.
  if ((req.expect === 'raw' || req.expect === 'envelope-or-parser') && PARSER_STATUSES.has(a.status) && a.body.length === 0) return { outcome: `http-${a.status}`, problems };
  const code = checkEnvelope(a, problems, req.binaryOk);
  if (typeof code === 'number') return { outcome: String(code), code, problems };
  const outcome = code === undefined ? `http-${a.status}` : code;
  return { outcome, problems };
}
