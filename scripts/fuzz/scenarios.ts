import { callOf, pickTarget } from './generate.ts';
import type { FuzzContext, FuzzRequest } from './generate.ts';
import type { Rng } from './prng.ts';
import { BAD_UTF8, huge } from './values.ts';

type Scenario = (rng: Rng, ctx: FuzzContext, req: FuzzRequest) => void;

const ENTRY = '/photo/webapi/entry.cgi';
const badBytes = (rng: Rng) => Buffer.from(rng.pick(BAD_UTF8));
const pctBytes = (b: Buffer) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('');
const latin1 = (b: Buffer) => b.toString('latin1');

function post(req: FuzzRequest, type: string | undefined, body: Buffer | string, path = ENTRY): void {
  req.method = 'POST';
  req.path = path;
  if (type !== undefined) req.headers['Content-Type'] = type;
  req.body = typeof body === 'string' ? Buffer.from(body) : body;
}

/** Malformed encodings sent over ordinary HTTP: each must still get one envelope. */
const ENCODING: Record<string, Scenario> = {
  'query-bad-utf8': (rng, ctx, req) => {
    req.method = 'GET';
    req.path = `${ENTRY}?${callOf(pickTarget(rng, ctx))}&id=${pctBytes(badBytes(rng))}&${pctBytes(badBytes(rng))}=1&name=a${pctBytes(badBytes(rng))}`;
  },
  'query-raw-bytes': (rng, ctx, req) => {
    req.method = 'GET';
    req.path = `${ENTRY}?${callOf(pickTarget(rng, ctx))}&id=${latin1(badBytes(rng))}&name=${latin1(Buffer.from([0xe9, 0xff]))}`;
    req.expect = 'envelope-or-parser';
  },
  'query-broken-escapes': (rng, ctx, req) => {
    req.method = 'GET';
    const bad = rng.pick(['%zz', '%', '%4', '%%', '%u0041', '%C3%', '%E2%82', '%00', '%2', '%G1']);
    req.path = `${ENTRY}?${rng.chance(0.5) ? callOf(pickTarget(rng, ctx)) : `api=${bad}&method=${bad}&version=${bad}`}&id=${bad}&${bad}=${bad}&limit=${bad}`;
  },
  'query-no-values': (_rng, _ctx, req) => {
    req.method = 'GET';
    req.path = `${ENTRY}?api&method&version&&&=&==&id`;
  },
  'form-bad-utf8': (rng, ctx, req) => {
    post(
      req,
      'application/x-www-form-urlencoded',
      Buffer.concat([Buffer.from(`${callOf(pickTarget(rng, ctx))}&id=`), badBytes(rng), Buffer.from('&name='), badBytes(rng), Buffer.from('&'), badBytes(rng), Buffer.from('=x')]),
    );
  },
  'form-broken-escapes': (rng, ctx, req) => {
    post(req, 'application/x-www-form-urlencoded', `${callOf(pickTarget(rng, ctx))}&id=%zz&name=%&%=%&limit=%4&offset=%%`);
  },
  'form-many-keys': (rng, ctx, req) => {
    const key = rng.pick(['id[]', 'a', 'move_operations[x]', 'id']);
    post(req, 'application/x-www-form-urlencoded', `${callOf(pickTarget(rng, ctx))}&${`${encodeURIComponent(key)}=album_41&`.repeat(rng.pick([1000, 20_000]))}`);
  },
  'form-huge-value': (rng, ctx, req) => {
    const t = pickTarget(rng, ctx);
    // The value may be valid: `id=,,,…` is the root album named many times (Download.getitem
    // answers it once, as a ZIP; found by the 200 000-request run of session 13).
    req.binaryOk = t.md.binary === true;
    post(req, 'application/x-www-form-urlencoded', `${callOf(t)}&${rng.pick(['id', 'name', 'title', 'query', 'x'])}=${encodeURIComponent(huge(rng, ctx.bodyLimit))}`);
  },
  'json-broken': (rng, ctx, req) => {
    const call = JSON.stringify(Object.fromEntries(new URLSearchParams(callOf(pickTarget(rng, ctx)))));
    const body = rng.pick([
      '{',
      '{"api":',
      `${call}}`,
      `${call.slice(0, -1)},}`,
      "{'api':'x'}",
      'nul',
      '\ufeff{}',
      '{"a":1e999999}',
      '{"a":"\\ud800"}',
      '{"a":"\\u00"}',
      `${call}${call}`,
      '',
      '   ',
    ]);
    post(req, rng.pick(['application/json', 'text/json']), body);
  },
  'json-not-object': (rng, _ctx, req) => {
    post(req, 'application/json', rng.pick(['[]', '[1,2]', '["api","SYNO.API.Info"]', '"SYNO.API.Info"', '123', 'null', 'true', '-0', '1e400']));
  },
  'json-deep': (rng, _ctx, req) => {
    const depth = rng.pick([1000, 50_000]);
    const deep = rng.chance(0.5) ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    post(req, 'application/json', `{"api":"SYNO.PhotoStation.Album","method":"getinfo","version":1,"id":${deep},"x":${deep}}`);
  },
  'json-bad-utf8': (rng, ctx, req) => {
    const call = JSON.stringify(Object.fromEntries(new URLSearchParams(callOf(pickTarget(rng, ctx)))));
    post(req, 'application/json', Buffer.concat([Buffer.from(`${call.slice(0, -1)},"id":"`), badBytes(rng), Buffer.from('","'), badBytes(rng), Buffer.from('":1}')]));
  },
  'json-wrong-types': (rng, ctx, req) => {
    const t = pickTarget(rng, ctx);
    // The values may happen to be valid (an empty `id` list is the root album for Download.getitem): a bytes method may answer bytes.
    req.binaryOk = t.md.binary === true;
    const v = () => rng.pick<unknown>([null, true, 0, -1, 1.5, 1e21, [], [[]], {}, { a: [1, { b: null }] }, '', ['album_41', 7], { __proto__: { x: 1 } }]);
    const params = Object.fromEntries(Object.keys(t.md.params.properties).map((k) => [k, v()]));
    post(req, 'application/json', JSON.stringify({ api: t.api.name, method: t.method, version: rng.pick<unknown>([1, '1', [1], null]), ...params }));
  },
  'multipart-no-boundary': (rng, ctx, req) => {
    post(
      req,
      rng.pick(['multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary="', 'multipart/form-data; charset=utf-8']),
      `--x\r\nContent-Disposition: form-data; name="api"\r\n\r\n${pickTarget(rng, ctx).api.name}\r\n--x--\r\n`,
    );
  },
  'multipart-wrong-boundary': (rng, ctx, req) => {
    const t = pickTarget(rng, ctx);
    post(req, 'multipart/form-data; boundary=expected', `--other\r\nContent-Disposition: form-data; name="api"\r\n\r\n${t.api.name}\r\n--other--\r\n`);
  },
  'multipart-truncated': (rng, ctx, req) => {
    const t = pickTarget(rng, ctx);
    const full = `--b\r\nContent-Disposition: form-data; name="api"\r\n\r\n${t.api.name}\r\n--b\r\nContent-Disposition: form-data; name="method"\r\n\r\n${t.method}\r\n--b\r\nContent-Disposition: form-data; name="version"\r\n\r\n1\r\n--b\r\nContent-Disposition: form-data; name="original"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n${'x'.repeat(300)}\r\n--b--\r\n`;
    post(req, 'multipart/form-data; boundary=b', full.slice(0, rng.int(1, full.length - 1)));
  },
  'multipart-malformed-parts': (rng, ctx, req) => {
    const t = pickTarget(rng, ctx);
    const part = rng.pick([
      '--b\r\n\r\nno headers\r\n',
      '--b\r\nContent-Disposition: form-data\r\n\r\nno name\r\n',
      '--b\r\nContent-Disposition: attachment; name="id"\r\n\r\nx\r\n',
      `--b\r\nContent-Disposition: form-data; name="${'n'.repeat(20_000)}"\r\n\r\nx\r\n`,
      '--b\r\nContent-Disposition: form-data; name="id"; filename*=UTF-8\'\'%ff%fe\r\n\r\nx\r\n',
      '--b\nContent-Disposition: form-data; name="id"\n\nlf only\n',
      '--b\r\nContent-Disposition: form-data; name="original"; filename="a.jpg"\r\n\r\nx\r\n--b\r\nContent-Disposition: form-data; name="original"; filename="b.jpg"\r\n\r\ny\r\n',
      `--b\r\nContent-Disposition: form-data; name="id"\r\nContent-Type: text/plain; charset=utf-16\r\n\r\n\xff\xfe\r\n`,
    ]);
    post(
      req,
      'multipart/form-data; boundary=b',
      `--b\r\nContent-Disposition: form-data; name="api"\r\n\r\n${t.api.name}\r\n--b\r\nContent-Disposition: form-data; name="method"\r\n\r\n${t.method}\r\n--b\r\nContent-Disposition: form-data; name="version"\r\n\r\n1\r\n${part}--b--\r\n`,
    );
  },
  'wrong-content-type': (rng, ctx, req) => {
    const call = callOf(pickTarget(rng, ctx));
    const [type, body] = rng.pick<[string | undefined, string]>([
      ['text/plain', call],
      ['application/xml', `<a>${call}</a>`],
      ['application/x-www-form-urlencoded; charset=utf-16', call],
      [';;;', call],
      ['multipart/mixed; boundary=b', call],
      ['application/json', call],
      ['application/x-www-form-urlencoded', JSON.stringify({ api: 'SYNO.API.Info' })],
      [undefined, call],
      ['application/octet-stream', call],
      ['image/jpeg', '\xff\xd8\xff'],
    ]);
    post(req, type, body);
  },
  'chunked-oversize': (rng, ctx, req) => {
    // No Content-Length: the limit must hold while the body streams.
    post(req, rng.pick(['application/x-www-form-urlencoded', 'application/json']), `${callOf(pickTarget(rng, ctx))}&x=${'a'.repeat(ctx.bodyLimit + 10)}`);
    req.headers['Transfer-Encoding'] = 'chunked';
  },
  'declared-oversize': (rng, ctx, req) => {
    post(req, 'application/x-www-form-urlencoded', `${callOf(pickTarget(rng, ctx))}&x=${'a'.repeat(ctx.bodyLimit + 1)}`);
  },
};

/** Unknown or odd paths and methods: 404 (or an envelope where a route does match). */
const PATHS: Record<string, Scenario> = {
  unknown: (rng, _ctx, req) => {
    req.method = rng.pick(['GET', 'POST']);
    req.path = rng.pick([
      '/',
      '/photo',
      '/photo/webapi/',
      '/photo/webapi/nope.php',
      '/photo/webapi/entry.php',
      '/webapi/query.php',
      '/photo/webapi/ALBUM.PHP',
      '/photo/webapi/%zz',
      '/photo/webapi/%',
      '/photo/webapi/..%2fentry.cgi',
      '/photo/webapi/../../etc/passwd',
      '/photo/webapi/%2e%2e/%2e%2e/etc/passwd',
      '/photo/webapi/entry.cgi/..',
      '/photo/webapi/query.php%00',
      '//photo/webapi/entry.cgi/x',
      '/photo/webapi/\xff\xfe',
    ]);
    // Some of these may match a route after the router normalises them: then an envelope is right.
    req.expect = /[^\x21-\x7e]/.test(req.path) ? 'envelope-or-parser' : 'envelope-or-404';
    // The web interface's entrances (SPEC §16): a GET there is sent on to /photo/.
    if (req.method === 'GET' && (req.path === '/' || req.path === '/photo')) req.expect = 'web-redirect';
  },
  'other-http-method': (rng, _ctx, req) => {
    req.method = rng.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS']);
    req.path = `${ENTRY}?api=SYNO.API.Info&method=query&version=1`;
    req.expect = 'not-found';
  },
};

/** Raw-socket exchanges: truncated bodies, lying lengths, requests the HTTP parser must refuse. */
const RAW: Record<string, (rng: Rng, ctx: FuzzContext) => { data: string | Buffer; end: boolean }> = {
  'truncated-form': (rng, ctx) => {
    const body = `${callOf(pickTarget(rng, ctx))}&id=album_41`;
    return {
      data: `POST ${ENTRY} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length + rng.int(1, 5000)}\r\n\r\n${body}`,
      end: rng.chance(0.5),
    };
  },
  'truncated-json': (rng, ctx) => {
    const t = pickTarget(rng, ctx);
    const body = JSON.stringify({ api: t.api.name, method: t.method, version: 1 });
    return {
      data: `POST ${ENTRY} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 100}\r\n\r\n${body.slice(0, -3)}`,
      end: rng.chance(0.5),
    };
  },
  'truncated-multipart': (rng, ctx) => {
    const t = pickTarget(rng, ctx);
    const body = `--b\r\nContent-Disposition: form-data; name="api"\r\n\r\n${t.api.name}\r\n--b\r\nContent-Disposition: form-data; name="original"; filename="a.jpg"\r\n\r\n${'x'.repeat(500)}`;
    return {
      data: `POST ${ENTRY} HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: ${body.length + 10_000}\r\n\r\n${body}`,
      end: rng.chance(0.5),
    };
  },
  'lying-length-oversize': (rng, ctx) => ({
    data: `POST ${ENTRY}?${callOf(pickTarget(rng, ctx))} HTTP/1.1\r\nHost: x\r\nContent-Type: ${rng.pick(['application/json', 'application/x-www-form-urlencoded'])}\r\nContent-Length: ${ctx.bodyLimit + rng.int(1, 1e9)}\r\n\r\n{"a":`,
    end: false,
  }),
  'bad-chunked': (rng, ctx) => ({
    data: `POST ${ENTRY}?${callOf(pickTarget(rng, ctx))} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n${rng.pick(['zz\r\nabc\r\n0\r\n\r\n', '5\r\nab\r\n', 'ffffffffffffffff\r\nx\r\n', '3\r\nabc\r\n'])}`,
    end: true,
  }),
  'bad-request-line': (rng) => ({
    data: rng.pick([
      `GET ${ENTRY}?a=b c HTTP/1.1\r\nHost: x\r\n\r\n`,
      'GARBAGE\r\n\r\n',
      `GET ${ENTRY} HTTP/9.9\r\nHost: x\r\n\r\n`,
      `GET ${ENTRY}?\x00 HTTP/1.1\r\n\r\n`,
      '\r\n\r\n',
    ]),
    end: true,
  }),
  'bad-header': (rng) => ({
    data: `GET ${ENTRY}?api=SYNO.API.Info&method=query&version=1 HTTP/1.1\r\nHost: x\r\n${rng.pick(['X-SYNO-TOKEN: a\x00b', 'Cookie: PHPSESSID=\x01', `Cookie: ${'a=b; '.repeat(5000)}`, 'Content-Length: -1', 'Content-Length: 1\r\nContent-Length: 2', 'Bad Header: x'])}\r\n\r\n`,
    end: true,
  }),
};

export const scenarioNames = { encoding: Object.keys(ENCODING), paths: Object.keys(PATHS), raw: Object.keys(RAW) };

export function encodingRequest(rng: Rng, ctx: FuzzContext, req: FuzzRequest): FuzzRequest {
  const name = rng.pick(scenarioNames.encoding);
  req.label = `encoding:${name}`;
  (ENCODING[name] as Scenario)(rng, ctx, req);
  return req;
}

export function pathRequest(rng: Rng, ctx: FuzzContext, req: FuzzRequest): FuzzRequest {
  const name = rng.pick(scenarioNames.paths);
  req.label = `path:${name}`;
  (PATHS[name] as Scenario)(rng, ctx, req);
  return req;
}

export function rawRequest(rng: Rng, ctx: FuzzContext, req: FuzzRequest): FuzzRequest {
  const name = rng.pick(scenarioNames.raw);
  const { data, end } = (RAW[name] as (rng: Rng, ctx: FuzzContext) => { data: string | Buffer; end: boolean })(rng, ctx);
  req.label = `raw:${name}`;
  req.transport = 'raw';
  req.expect = 'raw';
  req.raw = { data: typeof data === 'string' ? Buffer.from(data, 'latin1') : data, end };
  return req;
}
