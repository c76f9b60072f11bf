import { unlink } from 'node:fs/promises';
import type { Context, Middleware, Next } from 'koa';
import { noLog } from '../config.ts';
import { logFailure } from '../log.ts';
import type { Services, UploadedFile } from '../services.ts';
import { BinaryAnswer } from './binary.ts';
import { wireError } from '../api/reasons.ts';
import { Code, WebApiError } from '../codes.ts';
import type { ErrorCode } from '../codes.ts';
import { DomainError } from '../errors.ts';
import { dispatch } from './dispatch.ts';
import { spacePath } from './spaces.ts';
import type { CallInfo } from './call.ts';
import { fail, okBody } from './envelope.ts';
import { hasLongList, sliceLongLists } from './json-slices.ts';
import type { Registry } from './registry.ts';

/** Every answer's headers, as `writeHead` takes them: name, value, name, value. */
const HEADERS = ['Content-Type', 'application/json; charset=utf-8', 'Cache-Control', 'no-cache, no-store', 'X-Content-Type-Options', 'nosniff', 'X-Frame-Options', 'DENY'] as const;

/**
 * Writes the answer itself rather than through Koa's response (`ctx.body`, which would set each
 * header, check the body's type and measure it again): the headers and the length in one
 * `writeHead`. Headers a handler set (a session cookie) are kept.
 */
function send(ctx: Context, body: string | Buffer): void {
  ctx.respond = false;
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  ctx.res.writeHead(200, [...HEADERS, 'Content-Length', String(length)]);
  ctx.res.end(body);
}

let isoMs = Number.NaN;
let isoText = '';
/** `new Date(ms).toISOString()`, made once per millisecond: under load, several calls share one. */
function isoTime(ms: number): string {
  if (ms !== isoMs) {
    isoMs = ms;
    isoText = new Date(ms).toISOString();
  }
  return isoText;
}

/** `entry.cgi` reaches every API. */
const ANY_API = '';

/**
 * The WebAPI's paths, exact (`ALBUM.PHP` or `album.php/` is not `album.php`): each to the API its
 * legacy path belongs to, or ANY_API.
 */
export function webapiPaths(registry: Registry): Map<string, string> {
  const paths = new Map<string, string>([
    ['/photo/webapi/entry.cgi', ANY_API],
    ['/webapi/entry.cgi', ANY_API],
  ]);
  for (const api of registry.descriptors()) {
    paths.set(`/photo/webapi/${api.path}`, api.name);
    // Old clients call discovery at query.cgi.
    if (api.path === 'query.php') paths.set('/photo/webapi/query.cgi', api.name);
  }
  return paths;
}

const LEGACY_DIR = '/photo/webapi/';

/**
 * The legacy paths of the APIs that answer bytes and declare `suffixPath`: video players and
 * image viewers need to see an extension, so clients call `download.php/1.mp4?...` and
 * `thumb.php/x.jpg?...` (SPEC §14). Anything after the path's next `/` is ignored.
 */
function suffixPaths(registry: Registry): Map<string, string> {
  const paths = new Map<string, string>();
  for (const api of registry.descriptors()) if (api.suffixPath) paths.set(`${LEGACY_DIR}${api.path}`, api.name);
  return paths;
}

/**
 * The WebAPI: finds the call's path, runs the call, wraps its result in the envelope, turns a
 * WebApiError into `fail(code)`, a DomainError into the code its API gives the reason
 * (src/api/reasons.ts), and anything else into 100 (logged with its stack, never shown),
 * sets the response headers and writes one access-log line. Any other path goes on (404).
 *
 * One plain function rather than a router and three async layers: the layer is paid on every
 * call, and a GET whose handler answers at once is answered without a promise
 * (docs/performance.md, "Dispatch").
 *
 * No password or session id reaches the log: it records only the call's name, its code, its
 * duration and the user's name.
 */
export function webapi(services: Services): Middleware {
  const paths = webapiPaths(services.registry);
  const { config } = services;
  const suffixes = suffixPaths(services.registry);
  const suffixed = (urlPath: string): string | undefined => {
    if (suffixes.size === 0) return undefined;
    const cut = urlPath.indexOf('/', LEGACY_DIR.length);
    return cut < 0 ? undefined : suffixes.get(urlPath.slice(0, cut));
  };

  /** The called method's bad-parameter code: what a domain `bad-input` means to its clients. */
  const badRequestOf = (info: CallInfo): ErrorCode => {
    const method = info.api === undefined || info.method === undefined ? undefined : services.registry.apis.get(info.api)?.methods.get(info.method);
    return method?.badRequest ?? Code.BadRequest;
  };

  function answer(ctx: Context, info: CallInfo, started: number, outcome: { data: unknown } | { error: unknown }): Promise<void> | undefined {
    if ('data' in outcome && outcome.data instanceof BinaryAnswer) return answerBinary(ctx, info, started, outcome.data);
    let code = 0;
    let reason: string | undefined;
    // Text or bytes, serialised here: a handler may answer pre-serialized data (JsonText).
    let body: string | Buffer;
    if ('data' in outcome) {
      body = okBody(outcome.data);
    } else if (outcome.error instanceof WebApiError) {
      code = outcome.error.code;
      reason = outcome.error.message;
      body = JSON.stringify(fail(outcome.error.code, outcome.error.errors));
    } else if (outcome.error instanceof DomainError) {
      const wire = wireError(info.api, outcome.error, badRequestOf(info), info.method);
      code = wire.code;
      reason = `${outcome.error.reason}: ${outcome.error.message}`;
      body = JSON.stringify(fail(wire.code, wire.errors));
    } else {
      code = Code.Unknown;
      config.log({ level: 'error', msg: 'unexpected exception', api: info.api, method: info.method, stack: (outcome.error as Error)?.stack ?? String(outcome.error) });
      body = JSON.stringify(fail(Code.Unknown));
    }
    send(ctx, body);
    logCall(ctx, info, started, code, reason);
    return undefined;
  }

  /**
   * A bytes answer writes the response itself. A failure before anything was sent is still an
   * envelope; after the headers left, the only honest thing is to cut the connection.
   */
  async function answerBinary(ctx: Context, info: CallInfo, started: number, binary: BinaryAnswer): Promise<void> {
    ctx.respond = false;
    let status: number;
    try {
      status = await binary.write(ctx);
    } catch (error) {
      if (!ctx.res.headersSent) {
        answer(ctx, info, started, { error });
        return;
      }
      config.log({ level: 'error', msg: 'binary answer failed after its headers', api: info.api, method: info.method, stack: (error as Error)?.stack ?? String(error) });
      ctx.res.destroy();
      status = -1;
    }
    logCall(ctx, info, started, 0, undefined, status);
  }

  function logCall(ctx: Context, info: CallInfo, started: number, code: number, reason: string | undefined, status?: number): void {
    services.library.photoLog.noteCall(info.api, info.method, info.user, info.params, code);
    // Without a log, building the line (an ISO date, the client's address) is wasted work.
    if (config.accessLog === noLog) return;
    const line: Record<string, unknown> = {
      t: isoTime(config.now()),
      ip: ctx.ip,
      api: info.api,
      method: info.method,
      version: info.version,
      code,
      ms: Math.round((performance.now() - started) * 100) / 100,
      user: info.user,
    };
    if (reason !== undefined && code !== 0) line.reason = reason;
    if (status !== undefined) line.status = status;
    config.accessLog(line);
  }

  /**
   * After a call that waited (a body, a bulk operation), or one whose answer holds a long list (a
   * whole album listed with `limit=-1`): the list is serialised in slices that yield; an uploaded
   * file, unless the handler moved it, is removed first.
   */
  async function answerLater(ctx: Context, info: CallInfo, started: number, result: Promise<unknown>): Promise<void> {
    let outcome: { data: unknown } | { error: unknown };
    try {
      outcome = { data: await sliceLongLists(await result) };
    } catch (error) {
      outcome = { error };
    }
    const upload = ctx.state.upload as UploadedFile | undefined;
    if (upload) await unlink(upload.tmpPath).catch(logFailure(config.log, "could not remove an upload's temporary file", { path: upload.tmpPath }, ['ENOENT']));
    await answer(ctx, info, started, outcome);
  }

  function headAnswers(ctx: Context): boolean {
    const name = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const api = services.registry.apis.get(name(ctx.query.api) ?? '');
    const descriptor = api?.methods.get(name(ctx.query.method) ?? '')?.descriptor;
    return descriptor?.binary === true && descriptor.reads === true;
  }

  return function webapiCall(ctx: Context, next: Next) {
    let urlPath = ctx.path;
    // A personal library's paths (SPEC §18): `/~<user>/photo/webapi/...`; a space that is not
    // served has no paths (404).
    const inSpace = spacePath(urlPath);
    if (inSpace) {
      if (!services.spaces.owner(inSpace.space)) return next();
      urlPath = inSpace.path;
    }
    const legacyApi = paths.get(urlPath) ?? suffixed(urlPath);
    const method = ctx.method;
    if (legacyApi === undefined || (method !== 'GET' && method !== 'POST' && method !== 'HEAD')) return next();
    // A WebAPI call has effects: HEAD runs nothing, except a reading method answering bytes
    // (Thumb.get, Download), which answers as to GET without the body (RFC 9110 §9.3.2).
    if (method === 'HEAD' && !headAnswers(ctx)) {
      ctx.status = 405;
      ctx.set('Allow', 'GET, POST');
      return undefined;
    }
    const started = performance.now();
    const info: CallInfo = inSpace ? { space: inSpace.space } : {};
    ctx.state.call = info;
    let result: unknown;
    try {
      result = dispatch(ctx, services, legacyApi === ANY_API ? undefined : legacyApi, info);
    } catch (error) {
      answer(ctx, info, started, { error });
      return undefined;
    }
    if (result instanceof Promise) return answerLater(ctx, info, started, result);
    if (hasLongList(result)) return answerLater(ctx, info, started, Promise.resolve(result));
    return answer(ctx, info, started, { data: result });
  };
}
