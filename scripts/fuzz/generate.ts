import type { ApiDescriptor, MethodDescriptor } from '../../src/webapi/descriptor.ts';
import { formEncode, jsonEncode, multipartEncode } from './encode.ts';
import type { FilePart, Pair } from './encode.ts';
import type { Rng } from './prng.ts';
import { EXTRA_KEYS, anyBoolean, anyInteger, anyString, garbageSid, huge, str } from './values.ts';
import type { Value } from './values.ts';

/** One method of one API, as the descriptors declare it. */
export interface Target {
  api: ApiDescriptor;
  method: string;
  md: MethodDescriptor;
}

export type SessionKind = 'guest' | 'admin' | 'user' | 'garbage' | 'expired' | 'loggedOut' | 'conflict';
export const CARRIERS = ['_sid', 'sid', 'SynoToken', 'X-SYNO-TOKEN', 'PHPSESSID', 'cookie:PHPSESSID', 'cookie:id', 'auth:Token', 'auth:Bearer', 'access_token'] as const;
/** The carriers of an app token (SPEC §17): they carry a token of the session's kind, not a session id. */
const TOKEN_CARRIERS = new Set<Carrier>(['auth:Token', 'auth:Bearer', 'access_token']);
export type Carrier = (typeof CARRIERS)[number];

/** What the generator may draw on: the descriptors, the sandbox's ids and the live sessions. */
export interface FuzzContext {
  targets: Target[];
  validIds: string[];
  hostileIds: string[];
  usernames: string[];
  bodyLimit: number;
  /** A session id of the given kind, minted by the harness when the request is built. */
  sid(kind: 'admin' | 'user' | 'expired' | 'loggedOut'): string;
  /** An app token of the given kind (`loggedOut`: a revoked one), minted by the harness. */
  token(kind: 'admin' | 'user' | 'expired' | 'loggedOut'): string;
}

/**
 * What a request must get back: `envelope` (HTTP 200 and one well-formed envelope),
 * `envelope-or-404`, `not-found`, `head` (200/404 without a body), `raw` (a raw-socket exchange:
 * no answer, an envelope, or the HTTP parser's own 4xx for a request that is not HTTP),
 * `envelope-or-parser` (an envelope, or the parser's own 4xx: raw non-ASCII bytes in the
 * request line are not HTTP and never reach the app).
 */
export type Expect = 'envelope' | 'envelope-or-404' | 'envelope-or-parser' | 'not-found' | 'head' | 'raw' | 'web-redirect';

export interface FuzzRequest {
  index: number;
  /** `api.method` for method calls, `category:scenario` for the others. */
  label: string;
  session: string;
  transport: 'http' | 'raw';
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Raw-socket requests: the exact bytes sent, and whether to half-close after them. */
  raw?: { data: Buffer; end: boolean };
  expect: Expect;
  /** The target may answer a non-JSON body (a descriptor flagged `binary`). */
  binaryOk: boolean;
}

const ID_LIKE = /(^|_)id$|^id|sharepath|album|folder|path|taskid/i;

function valueFor(rng: Rng, ctx: FuzzContext, name: string, prop: Record<string, unknown>): Value {
  const idLike = ID_LIKE.test(name);
  const id = () => (rng.chance(0.5) ? rng.pick(ctx.validIds) : rng.pick(ctx.hostileIds));
  const plausible = rng.chance(0.55);
  if (rng.chance(0.02)) return str(huge(rng, ctx.bodyLimit));
  switch (prop.type) {
    case 'integer':
    case 'number':
      return anyInteger(rng, prop);
    case 'boolean':
      return plausible ? str(rng.pick(['true', 'false', '1', '0'])) : anyBoolean(rng);
    case 'array': {
      const items = (prop.items ?? {}) as Record<string, unknown>;
      const one = (): string => {
        if (Array.isArray(items.enum) && rng.chance(0.7)) return String(rng.pick(items.enum as unknown[]));
        if (idLike) return id();
        const v = anyString(rng);
        return v.kind === 'str' ? v.s : 'x';
      };
      const list = Array.from(
        {
          length: rng.weighted([
            [5, rng.int(1, 3)],
            [2, 0],
            [1, rng.int(4, 40)],
            [0.3, 2000],
          ]),
        },
        one,
      );
      return rng.weighted<() => Value>([
        [3, () => str(list.join(','))],
        [2, () => ({ kind: 'list', items: list })],
        [2, () => str(JSON.stringify(list))],
        [1, () => ({ kind: 'json', v: list })],
        [1, () => ({ kind: 'map', entries: list.map((v, i) => [rng.chance(0.8) ? String(i) : rng.pick(['__proto__', 'constructor', 'x', '']), v]) })],
        [1, () => ({ kind: 'json', v: rng.pick([{ a: list }, [[list]], 5, null, true, [{}], [null]]) })],
        [1, () => anyString(rng)],
      ])();
    }
    case 'object':
      return rng.weighted<() => Value>([
        [
          3,
          () => ({
            kind: 'map',
            entries: [
              [id(), id()],
              [rng.pick(['__proto__', 'constructor', 'a']), id()],
            ],
          }),
        ],
        [2, () => str(JSON.stringify({ [id()]: id() }))],
        [1, () => ({ kind: 'json', v: rng.pick([[], [1], 'x', 1, { a: { b: [1] } }, null]) })],
        [1, () => anyString(rng)],
      ])();
    default: {
      // Strings, and untyped parameters (oneOf and the like).
      if (Array.isArray(prop.enum) && plausible) return str(String(rng.pick(prop.enum as unknown[])));
      if (idLike) {
        return rng.weighted<() => Value>([
          [8, () => str(id())],
          [1, () => ({ kind: 'list', items: [id(), id()] })],
          [1, () => ({ kind: 'json', v: rng.pick([[id()], { id: id() }, 5, null]) })],
        ])();
      }
      if (/user/i.test(name) && plausible) return str(rng.pick(ctx.usernames));
      const max = typeof prop.maxLength === 'number' ? prop.maxLength : undefined;
      return rng.weighted<() => Value>([
        [5, () => (plausible ? str(rng.text(rng.int(1, 12))) : anyString(rng))],
        [1, () => str(max !== undefined ? 'x'.repeat(rng.pick([max, max + 1])) : '')],
        [1, () => ({ kind: 'list', items: [rng.text(3), rng.text(3)] })],
        [1, () => ({ kind: 'json', v: rng.pick([1, -1, true, null, [], {}, ['a'], { a: 'b' }]) })],
      ])();
    }
  }
}

/** The method's parameters: required ones mostly present, optional ones half the time, plus extras. */
function paramsFor(rng: Rng, ctx: FuzzContext, t: Target): Pair[] {
  const pairs: Pair[] = [];
  const required = new Set(t.md.params.required ?? []);
  for (const [name, prop] of Object.entries(t.md.params.properties)) {
    if (!rng.chance(required.has(name) ? 0.88 : 0.5)) continue;
    pairs.push([name, valueFor(rng, ctx, name, prop)]);
    if (rng.chance(0.03)) pairs.push([name, valueFor(rng, ctx, name, prop)]); // a repeated key
  }
  for (
    let i = rng.weighted([
      [6, 0],
      [3, 1],
      [1, 3],
    ]);
    i > 0;
    i--
  )
    pairs.push([rng.pick(EXTRA_KEYS), anyString(rng)]);
  return pairs;
}

function envelopePairs(rng: Rng, ctx: FuzzContext, t: Target): Pair[] {
  const api = rng.weighted([
    [150, t.api.name],
    [1, t.api.name.toLowerCase()],
    [1, 'SYNO.PhotoStation.Nope'],
    [1, ''],
    [1, 'SYNO.API.Info.'],
  ]);
  const method = rng.weighted([
    [150, t.method],
    [1, t.method.toUpperCase()],
    [1, 'nope'],
    [1, ''],
    [1, '__proto__'],
    [1, 'constructor'],
    [1, 'hasOwnProperty'],
  ]);
  const version = rng.weighted([
    [150, String(t.md.versions[0] ?? 1)],
    [1, '0'],
    [1, '2'],
    [1, '-1'],
    [1, '1.0'],
    [1, ' 1'],
    [1, 'x'],
    [1, '9999999999'],
    [1, ''],
  ]);
  const out: Pair[] = [];
  if (rng.chance(0.985)) out.push(['api', str(api)]);
  if (rng.chance(0.985)) out.push(['method', str(method)]);
  if (rng.chance(0.985)) out.push(['version', rng.chance(0.98) ? str(version) : { kind: 'json', v: rng.pick([1, 1.5, [1], { v: 1 }, null]) }]);
  return out;
}

/** Adds the session to the request in one carrier (two, disagreeing, for `conflict`). */
function addSession(rng: Rng, ctx: FuzzContext, kind: SessionKind, pairs: Pair[], headers: Record<string, string>): string {
  if (kind === 'guest') return 'guest';
  const put = (carrier: Carrier, kind: SessionKind) => {
    const live = kind as 'admin';
    const sid = kind === 'garbage' ? garbageSid(rng) : kind === 'conflict' ? '' : TOKEN_CARRIERS.has(carrier) ? ctx.token(live) : ctx.sid(live);
    if (carrier === 'auth:Token') headers.Authorization = `Token token="${sid.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?')}"`;
    else if (carrier === 'auth:Bearer') headers.Authorization = `Bearer ${sid.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?')}`;
    else if (carrier === 'X-SYNO-TOKEN') headers['X-SYNO-TOKEN'] = sid.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
    else if (carrier.startsWith('cookie:')) {
      const cookie = `${carrier.slice(7)}=${sid.replace(/[^\x21-\x7e\x80-\xff]/g, '_')}`;
      headers.Cookie = headers.Cookie ? `${headers.Cookie}; ${cookie}` : cookie;
    } else pairs.push([carrier, str(sid)]);
  };
  if (kind === 'conflict') {
    const [a, b] = [rng.pick(CARRIERS), rng.pick(CARRIERS)];
    const [ka, kb] = [rng.pick(['admin', 'user', 'garbage', 'loggedOut'] as const), rng.pick(['admin', 'user', 'garbage', 'expired'] as const)];
    put(a, ka);
    put(b, kb);
    return `conflict:${a}=${ka},${b}=${kb}`;
  }
  const carrier = rng.pick(CARRIERS);
  put(carrier, kind);
  return `${kind}:${carrier}`;
}

/** Conditional and range headers, plausible and hostile, for the methods that answer bytes. */
function binaryHeaders(rng: Rng, headers: Record<string, string>): void {
  if (rng.chance(0.4)) {
    headers.Range = rng.pick([
      'bytes=0-0',
      'bytes=0-99',
      'bytes=-1',
      'bytes=-0',
      'bytes=5-',
      'bytes=0-1,2-3',
      'bytes=9-2',
      'bytes=99999999999999999999-',
      'bytes=-99999999999999999999',
      'bytes=1e3-2e3',
      'items=0-1',
      'bytes=',
      'bytes=--1',
      `bytes=${'0-1,'.repeat(500)}`,
      'bytes = 0 - 5',
    ]);
  }
  if (rng.chance(0.15)) headers['If-Range'] = rng.pick(['"x"', 'W/"x"', 'Sun, 01 Jan 2000 00:00:00 GMT', 'garbage', '']);
  if (rng.chance(0.15)) headers['If-None-Match'] = rng.pick(['*', '"x"', 'W/"x", "y"', '', ',,,']);
  if (rng.chance(0.15)) headers['If-Modified-Since'] = rng.pick(['Sun, 01 Jan 2040 00:00:00 GMT', 'Sun, 01 Jan 2000 00:00:00 GMT', 'yesterday', '-1']);
}

const UPLOAD_NAMES = [
  'ok.jpg',
  'OK.JPG',
  'clip.mp4',
  'x.exe',
  '../../outside/evil.jpg',
  '..\\evil.jpg',
  '.hidden.jpg',
  '@eaDir.jpg',
  '',
  'a\0b.jpg',
  `${'n'.repeat(300)}.jpg`,
  'é.png',
];

/** A call of a declared method with fuzzed parameters, carried in a random transport. */
export function methodRequest(rng: Rng, ctx: FuzzContext, index: number): FuzzRequest {
  const t = rng.pick(ctx.targets);
  const headers: Record<string, string> = {};
  const pairs = [...envelopePairs(rng, ctx, t), ...paramsFor(rng, ctx, t)];
  const kind = rng.weighted<SessionKind>([
    [30, 'guest'],
    [25, 'admin'],
    [25, 'user'],
    [8, 'garbage'],
    [4, 'expired'],
    [4, 'loggedOut'],
    [4, 'conflict'],
  ]);
  const session = addSession(rng, ctx, kind, pairs, headers);
  const others = ctx.targets.filter((o) => o.api.name !== t.api.name);
  const path = rng.weighted([
    [60, '/photo/webapi/entry.cgi'],
    [10, '/webapi/entry.cgi'],
    [25, `/photo/webapi/${t.api.path}`],
    [5, `/photo/webapi/${others.length > 0 ? rng.pick(others).api.path : t.api.path}`],
  ]);
  if (t.md.binary) binaryHeaders(rng, headers);
  const legacy = path === `/photo/webapi/${t.api.path}`;
  const target = legacy && t.api.suffixPath && rng.chance(0.5) ? `${path}/${rng.pick(['1.mp4', 'x.jpg', '', '..', '%2e%2e/a', 'a/b/c.mov'])}` : path;
  const transport =
    t.md.upload && rng.chance(0.7)
      ? 'multipart'
      : rng.weighted([
          [35, 'query'],
          [30, 'form'],
          [15, 'json'],
          [12, 'multipart'],
          [5, 'split'],
          [3, 'head'],
        ]);
  const req: FuzzRequest = {
    index,
    label: `${t.api.name}.${t.method}`,
    session,
    transport: 'http',
    method: 'POST',
    path: target,
    headers,
    expect: 'envelope',
    binaryOk: t.md.binary === true,
  };
  const loose = rng.chance(0.2);
  if (transport === 'query' || transport === 'head') {
    const q = formEncode(pairs, loose);
    // Past ~16 KiB the HTTP parser itself answers 431; long values travel in a body instead.
    if (q.length < 12_000) {
      req.method = transport === 'head' ? 'HEAD' : 'GET';
      req.path = `${target}?${q}`;
      if (transport === 'head') req.expect = 'head';
      return req;
    }
  }
  if (transport === 'json') {
    req.body = jsonEncode(pairs);
    headers['Content-Type'] = rng.pick(['application/json', 'application/json; charset=utf-8', 'text/json']);
  } else if (transport === 'multipart') {
    const boundary = `----fuzz${rng.hex(16)}`;
    const file: FilePart | undefined = rng.chance(t.md.upload ? 0.85 : 0.1)
      ? {
          name: rng.weighted([
            [8, 'original'],
            [1, 'file'],
            [1, ''],
          ]),
          filename: rng.pick(UPLOAD_NAMES),
          type: rng.pick(['image/jpeg', 'video/mp4', 'application/octet-stream', '']),
          data: rng.bytes(rng.int(0, 2048)),
        }
      : undefined;
    req.body = multipartEncode(pairs, boundary, file);
    headers['Content-Type'] = `multipart/form-data; boundary=${boundary}`;
  } else if (transport === 'split') {
    const head = pairs.filter(([k]) => k === 'api' || k === 'method' || k === 'version');
    req.path = `${path}?${formEncode(head)}`;
    req.body = Buffer.from(
      formEncode(
        pairs.filter((p) => !head.includes(p)),
        loose,
      ),
    );
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  } else {
    req.body = Buffer.from(formEncode(pairs, loose));
    headers['Content-Type'] = rng.pick(['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=UTF-8']);
  }
  return req;
}

export function pickTarget(rng: Rng, ctx: FuzzContext): Target {
  return rng.pick(ctx.targets);
}

/** `api`, `method` and `version` of a target, right, as form text. */
export function callOf(t: Target): string {
  return formEncode([
    ['api', str(t.api.name)],
    ['method', str(t.method)],
    ['version', str(String(t.md.versions[0] ?? 1))],
  ]);
}
