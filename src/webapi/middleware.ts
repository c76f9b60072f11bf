import { unlink } from 'node:fs/promises';
import type { Context, Next } from 'koa';
import { noLog } from '../config.ts';
import type { Config } from '../config.ts';
import type { UploadedFile } from '../services.ts';
import { Code, WebApiError } from './codes.ts';
import type { CallInfo } from './dispatch.ts';
import { fail, okBody } from './envelope.ts';

const HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-cache, no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

/**
 * Top of the WebAPI chain: runs the call, wraps its result in the envelope, turns a WebApiError
 * into `fail(code)` and anything else into 100 (logged with its stack, never shown), sets the
 * response headers and writes one access-log line. No password or session id reaches the log:
 * it records only the call's name, its code, its duration and the user's name.
 */
export function webapiEnvelope(config: Config) {
  return async function envelope(ctx: Context, next: Next): Promise<void> {
    const started = performance.now();
    const info: CallInfo = {};
    ctx.state.call = info;
    let code = 0;
    let reason: string | undefined;
    // Text or bytes, serialised here: a handler may answer pre-serialized data (JsonText).
    let body: string | Buffer;
    try {
      await next();
      body = okBody(ctx.state.result);
    } catch (err) {
      if (err instanceof WebApiError) {
        code = err.code;
        reason = err.message;
        body = JSON.stringify(fail(err.code, err.errors));
      } else {
        code = Code.Unknown;
        config.log({ level: 'error', msg: 'unexpected exception', api: info.api, method: info.method, stack: (err as Error)?.stack ?? String(err) });
        body = JSON.stringify(fail(Code.Unknown));
      }
    } finally {
      const upload = ctx.state.upload as UploadedFile | undefined;
      if (upload) await unlink(upload.tmpPath).catch(() => {});
    }
    ctx.status = 200;
    ctx.set(HEADERS);
    // Set after the content type: Koa would otherwise guess a type for the body (a mime-types
    // lookup) before our header replaces it.
    ctx.body = body;
    // Without a log, building the line (an ISO date, the client's address) is wasted work.
    if (config.log === noLog) return;
    config.log({
      t: new Date(config.now()).toISOString(),
      ip: ctx.ip,
      api: info.api,
      method: info.method,
      version: info.version,
      code,
      ms: Math.round((performance.now() - started) * 100) / 100,
      user: info.user,
      ...(reason !== undefined && code !== 0 ? { reason } : {}),
    });
  };
}
