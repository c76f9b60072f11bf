import type { Context } from 'koa';
import type { User } from '../auth/users.ts';
import type { Services, UploadedFile } from '../services.ts';
import type { Call as NarrowCall, CallInfo } from './call.ts';
import { readParams, readQuery } from './body.ts';
import { Code, WebApiError } from '../codes.ts';
import { decodeParams } from './params.ts';
import type { RawParams } from './params.ts';
import type { MethodEntry } from './registry.ts';
import { refuseCrossSite } from './cross-site.ts';
import { presentedSession, presentedToken } from './session.ts';
import { tokenUser } from './token-auth.ts';
import { presentedShare, shareVisitor } from './share-auth.ts';
import { callSpace } from './spaces.ts';

function single(v: unknown): string | undefined {
  if (Array.isArray(v)) v = v[v.length - 1];
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Resolves and runs one WebAPI call. `legacyApi` is the API a legacy path (`album.php`) belongs
 * to, or undefined for `entry.cgi`, which reaches every API. Answers the handler's data, or a
 * promise of it; refuses (docs/protocol.md §1 and §5) by throwing a WebApiError, or by rejecting once a body
 * has been read. A GET has only its query string: nothing to wait for, so it is resolved and
 * checked without a promise, and a handler that answers at once is answered at once.
 */
export function dispatch(ctx: Context, services: Services, legacyApi: string | undefined, info: CallInfo): unknown {
  if (ctx.method !== 'POST') return runCall(ctx, services, legacyApi, info, readQuery(ctx), undefined);
  const { bodyLimit, uploadLimit, tmpDir, log } = services.config;
  return readParams(ctx, { bodyLimit, uploadLimit, tmpDir, log }).then(({ params, file }) => {
    ctx.state.upload = file;
    return runCall(ctx, services, legacyApi, info, params, file);
  });
}

function runCall(ctx: Context, services: Services, legacyApi: string | undefined, info: CallInfo, raw: RawParams, file: UploadedFile | undefined): unknown {
  const { registry } = services;
  const apiName = single(raw.api);
  const methodName = single(raw.method);
  const versionText = single(raw.version);
  if (!apiName || !methodName || !versionText) throw new WebApiError(Code.BadRequest, 'Expected `api`, `method` and `version`');
  info.api = apiName;
  info.method = methodName;
  if (!/^\d{1,9}$/.test(versionText)) throw new WebApiError(Code.BadRequest, `Expected \`version\` to be an integer, got \`${versionText}\``);
  const version = Number(versionText);
  info.version = version;

  const api = registry.apis.get(apiName);
  if (!api) throw new WebApiError(Code.NoSuchApi, `Unknown API ${apiName}`);
  if (legacyApi !== undefined && legacyApi !== apiName) throw new WebApiError(Code.NoSuchApi, `${apiName} called at the legacy path of ${legacyApi}`);
  const method = api.methods.get(methodName);
  if (!method) throw new WebApiError(Code.NoSuchMethod, `Unknown method ${apiName}.${methodName}`);
  if (version < api.descriptor.minVersion || version > api.descriptor.maxVersion || !method.descriptor.versions.includes(version)) {
    throw new WebApiError(Code.NotSupportedVersion, `${apiName}.${methodName} has no version ${version}`);
  }

  const level = method.descriptor.auth;
  // A share's visitor (SPEC §18): the share id is the credential of this call, not a session
  // cookie the browser may also send, so the public page shows the same to everyone.
  const shareId = method.descriptor.share && level === 'guest' ? presentedShare(raw) : undefined;
  if (shareId !== undefined) {
    return shareVisitor(ctx, services, shareId, single(raw.password)).then((u) => runMethod(ctx, services, method, info, raw, file, u, null));
  }
  // An app token, when one is presented, is the credential; a method that looks at no session
  // (login, discovery) looks at no token either.
  const token = level === 'none' ? undefined : presentedToken(ctx, raw);
  if (token !== undefined) {
    refuseCrossSite(ctx, method.descriptor, 'token');
    const user = tokenUser(ctx, services, token, level);
    if (user instanceof Promise) return user.then((u) => runMethod(ctx, services, method, info, raw, file, u, null));
    return runMethod(ctx, services, method, info, raw, file, user, null);
  }
  const session = presentedSession(ctx, raw);
  refuseCrossSite(ctx, method.descriptor, session?.carrier);
  const sid = session?.sid ?? null;
  return runMethod(ctx, services, method, info, raw, file, authenticate(services, level, sid), sid);
}

function runMethod(
  ctx: Context,
  services: Services,
  method: MethodEntry,
  info: CallInfo,
  raw: RawParams,
  file: UploadedFile | undefined,
  user: User | null,
  sid: string | null,
): unknown {
  if (user) info.user = user.username;
  const params = decodeParams(raw, method.descriptor.params, method.badRequest);
  if (!method.validate(params)) {
    const e = method.validate.errors?.[0];
    const where = e ? `${e.instancePath || 'parameters'} ${e.message ?? ''}` : 'parameters';
    throw new WebApiError(method.badRequest, `Invalid ${where.trim()}`);
  }
  info.params = params as Record<string, unknown>;
  // The library the call works in (SPEC §18): its path's `/~<user>/` or `ps_username`, else the shared one.
  const placed = callSpace(services, method.api.name, info.space, raw, user);
  if (placed instanceof Promise) return placed.then((p) => invoke(ctx, method, info, params as Record<string, unknown>, raw, file, p.user, sid, p.services));
  return invoke(ctx, method, info, params as Record<string, unknown>, raw, file, placed.user, sid, placed.services);
}

function invoke(
  ctx: Context,
  method: MethodEntry,
  info: CallInfo,
  params: Record<string, unknown>,
  raw: RawParams,
  file: UploadedFile | undefined,
  user: User | null,
  sid: string | null,
  services: Services,
): unknown {
  // The registry holds handlers untyped (registry.ts); validation above is what makes `params` theirs.
  const handler = method.handler as (call: NarrowCall) => unknown;
  const call = new HttpCall(ctx, info, params, raw, user, sid, services, file);
  return handler(call);
}

/** The call object: plain fields, and the few response effects a handler may ask for. */
class HttpCall implements NarrowCall {
  readonly #ctx: Context;

  constructor(
    ctx: Context,
    readonly info: CallInfo,
    readonly params: Record<string, unknown>,
    readonly raw: RawParams,
    readonly user: User | null,
    readonly sid: string | null,
    readonly services: Services,
    readonly file: UploadedFile | undefined,
  ) {
    this.#ctx = ctx;
  }

  get ip(): string {
    return this.#ctx.ip;
  }

  get secure(): boolean {
    return this.#ctx.protocol === 'https';
  }

  setCookie(cookie: string): void {
    this.#ctx.append('Set-Cookie', cookie);
  }

  hangup(): AbortSignal {
    const hungUp = new AbortController();
    this.#ctx.res.once('close', () => hungUp.abort());
    return hungUp.signal;
  }
}

function authenticate(services: Services, level: 'none' | 'guest' | 'user' | 'admin', sid: string | null): User | null {
  if (level === 'none') return null;
  if (sid === null) {
    if (level === 'guest') return null;
    throw new WebApiError(Code.NoPermission, 'A session is required');
  }
  const now = services.config.now();
  const user = services.live.userOf(sid, now);
  if (!user || user.disabled) throw new WebApiError(Code.SessionTimeout, 'The session is unknown, logged out or expired');
  if (level === 'admin' && !user.isAdmin) throw new WebApiError(Code.NoPermission, 'An administrator is required');
  return user;
}

export type { RawParams };
