import type { Context } from 'koa';
import type { User } from '../auth/users.ts';
import type { Services, UploadedFile } from '../services.ts';
import { readParams, readQuery } from './body.ts';
import { Code, WebApiError } from './codes.ts';
import { decodeParams } from './params.ts';
import type { RawParams } from './params.ts';
import { presentedSid } from './session.ts';

/** What the access log records of a call; filled in as dispatch learns it. */
export interface CallInfo {
  api?: string;
  method?: string;
  version?: number;
  user?: string;
}

function single(v: unknown): string | undefined {
  if (Array.isArray(v)) v = v[v.length - 1];
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Resolves and runs one WebAPI call. `legacyApi` is the API a legacy path (`album.php`) belongs
 * to, or undefined for `entry.cgi`, which reaches every API. Answers the handler's data; throws
 * a WebApiError for every refusal of SPEC §2 and §5.
 */
export async function dispatch(ctx: Context, services: Services, legacyApi: string | undefined, info: CallInfo): Promise<unknown> {
  const { config, registry } = services;
  let raw: RawParams;
  let file: UploadedFile | undefined;
  if (ctx.method === 'POST') {
    ({ params: raw, file } = await readParams(ctx, { bodyLimit: config.bodyLimit, uploadLimit: config.uploadLimit, tmpDir: config.tmpDir }));
    ctx.state.upload = file;
  } else {
    // A GET has only its query string: no body to wait for, so no promise.
    raw = readQuery(ctx);
  }

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

  const sid = presentedSid(ctx, raw) ?? null;
  const user = authenticate(services, method.descriptor.auth, sid);
  if (user) info.user = user.username;

  const params = decodeParams(raw, method.descriptor.params, method.badRequest);
  if (!method.validate(params)) {
    const e = method.validate.errors?.[0];
    const where = e ? `${e.instancePath || 'parameters'} ${e.message ?? ''}` : 'parameters';
    throw new WebApiError(method.badRequest, `Invalid ${where.trim()}`);
  }
  return method.handler({ params: params as never, raw, user, sid, services, ctx, file });
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
