import { WebApiError } from '../codes.ts';
import type { ErrorCode } from '../codes.ts';
import type { ParamSchema } from './descriptor.ts';

/**
 * Raw parameters as they arrive: plain strings from forms and query strings, lists from repeated
 * bracket keys (`ids[]=a&ids[]=b`), maps from bracket keys (`move_operations[x]=y`), and any JSON
 * value from a JSON body.
 */
export type RawParams = Record<string, unknown>;

const BRACKET = /^([^[\]]+)\[([^\]]*)\]$/;

/**
 * Adds `key=value` pairs to `into`, decoding bracket keys. A later plain key replaces an earlier
 * one, so callers add the query string first and the body last ("the body wins", docs/protocol.md §1).
 */
export function addPairs(into: RawParams, pairs: Iterable<[string, string]>): RawParams {
  for (const [key, value] of pairs) {
    // Most keys are plain: spare them the regular expression.
    const m = key.endsWith(']') ? BRACKET.exec(key) : null;
    if (!m) {
      into[key] = value;
      continue;
    }
    const name = m[1] as string;
    const sub = m[2] as string;
    if (sub === '') {
      const prev = into[name];
      if (Array.isArray(prev)) prev.push(value);
      else into[name] = [value];
    } else {
      const prev = into[name];
      if (prev !== null && typeof prev === 'object' && !Array.isArray(prev)) {
        (prev as Record<string, unknown>)[sub] = value;
      } else {
        into[name] = { [sub]: value };
      }
    }
  }
  return into;
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

class DecodeError extends Error {}

/** Values of these never appear in an error message, which reaches the access log. */
const SECRET = /pass|sid|token/i;

function expected(name: string, what: string, got: unknown): never {
  if (SECRET.test(name)) throw new DecodeError(`Expected \`${name}\` to be ${what}`);
  let shown: string | undefined;
  try {
    shown = typeof got === 'string' ? got : JSON.stringify(got);
  } catch {
    shown = '(too deeply nested to show)'; // JSON.stringify throws RangeError on deep nesting
  }
  const short = shown !== undefined && shown.length > 40 ? `${shown.slice(0, 40)}…` : shown;
  throw new DecodeError(`Expected \`${name}\` to be ${what}, got \`${short}\``);
}

/** DSM clients send strings JSON-quoted (`"abc"`); a bare string is taken as it is. */
function unquote(s: string): string {
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) {
    try {
      const v: unknown = JSON.parse(s);
      if (typeof v === 'string') return v;
    } catch {
      // not JSON after all: keep the quotes
    }
  }
  return s;
}

function toStringValue(name: string, raw: unknown): string {
  if (Array.isArray(raw)) {
    // A repeated plain parameter: the last one wins, as with a clash between query and body.
    // One level only: deeper nesting (JSON bodies) is no string, and unwrapping it recursively
    // overflowed the stack on `[[[[...]]]]`.
    if (raw.length === 0) return '';
    raw = raw[raw.length - 1];
    if (Array.isArray(raw)) return expected(name, 'a string', raw);
  }
  if (typeof raw === 'string') return unquote(raw);
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return expected(name, 'a string', raw);
}

function toInteger(name: string, raw: unknown): number {
  if (typeof raw === 'number' && Number.isSafeInteger(raw)) return raw;
  const s = toStringValue(name, raw).trim();
  if (/^-?\d{1,15}$/.test(s)) return Number(s);
  return expected(name, 'an integer', raw);
}

function toBoolean(name: string, raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  const s = toStringValue(name, raw).trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  return expected(name, 'a boolean (true/false, 1/0, yes/no, on/off)', raw);
}

function parseJson(name: string, s: string, what: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return expected(name, what, s);
  }
}

function toArray(name: string, raw: unknown, items: Record<string, unknown> | undefined): unknown[] {
  let list: unknown[];
  if (Array.isArray(raw)) list = raw;
  else if (raw !== null && typeof raw === 'object') list = Object.values(raw);
  else if (typeof raw === 'string') {
    const s = raw.trim();
    if (s.startsWith('[')) {
      const v = parseJson(name, s, 'a JSON array');
      if (!Array.isArray(v)) expected(name, 'a JSON array', raw);
      list = v as unknown[];
    } else if (s === '') {
      list = [];
    } else {
      list = unquote(s).split(',');
    }
  } else return expected(name, 'a list', raw);
  const itemType = items?.type;
  if (itemType === 'string') return list.map((v, i) => toStringValue(`${name}[${i}]`, v));
  if (itemType === 'integer') return list.map((v, i) => toInteger(`${name}[${i}]`, v));
  return list.map((v) => (typeof v === 'string' && /^\s*[[{]/.test(v) ? parseJson(name, v, 'JSON') : v));
}

function toObject(name: string, raw: unknown): Record<string, unknown> {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  if (typeof raw === 'string' && raw.trim().startsWith('{')) {
    const v = parseJson(name, raw, 'a JSON object');
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  }
  return expected(name, 'a map (bracket keys or a JSON object)', raw);
}

function decodeOne(name: string, raw: unknown, prop: Record<string, unknown>): unknown {
  switch (prop.type) {
    case 'integer':
      return toInteger(name, raw);
    case 'number': {
      if (typeof raw === 'number') return raw;
      const s = toStringValue(name, raw).trim();
      const n = Number(s);
      if (s === '' || !Number.isFinite(n)) expected(name, 'a number', raw);
      return n;
    }
    case 'boolean':
      return toBoolean(name, raw);
    case 'array':
      return toArray(name, raw, prop.items as Record<string, unknown> | undefined);
    case 'object':
      return toObject(name, raw);
    case 'string':
      return toStringValue(name, raw);
    default:
      // Untyped (e.g. a `oneOf`): strings that look like JSON are parsed, everything else kept.
      if (typeof raw === 'string' && /^\s*[[{]/.test(raw)) return parseJson(name, raw, 'JSON');
      return raw;
  }
}

const entries = new WeakMap<ParamSchema, [string, Record<string, unknown>][]>();

/** `Object.entries(schema.properties)`, built once per schema rather than once per call. */
function propertiesOf(schema: ParamSchema): [string, Record<string, unknown>][] {
  let list = entries.get(schema);
  if (!list) {
    list = Object.entries(schema.properties) as [string, Record<string, unknown>][];
    entries.set(schema, list);
  }
  return list;
}

/**
 * Decodes the parameters a method declares, leaving out the ones it does not know (real clients
 * send extras such as `ps_username`). Throws a WebApiError with `badRequest` on a value that
 * cannot be decoded to its declared type.
 */
export function decodeParams(raw: RawParams, schema: ParamSchema, badRequest: ErrorCode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, prop] of propertiesOf(schema)) {
    if (!Object.hasOwn(raw, name)) continue;
    const value = raw[name];
    if (value === undefined || value === null) continue;
    try {
      out[name] = decodeOne(name, value, prop);
    } catch (err) {
      if (err instanceof DecodeError) throw new WebApiError(badRequest, err.message);
      throw err;
    }
  }
  return out;
}
