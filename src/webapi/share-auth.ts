import type { Context } from 'koa';
import { visitor } from '../auth/users.ts';
import type { User } from '../auth/users.ts';
import type { Refusal } from '../library/public-shares.ts';
import type { Services } from '../services.ts';
import { Code, WebApiError } from './codes.ts';
import type { ErrorCode } from './codes.ts';
import type { RawParams } from './params.ts';

function str(v: unknown): string | undefined {
  if (Array.isArray(v)) v = v[v.length - 1];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The share id a call presents: `public_share_id`, or Photo Station's `filter_public_share` (Photo.list). */
export function presentedShare(raw: RawParams): string | undefined {
  return str(raw.public_share_id) ?? str(raw.filter_public_share);
}

/**
 * How a refused visitor hears it. An unknown, unshared or deleted share and a guessed id are one
 * answer (105, as a call without a session); a closed window is 105 too (the public page learns
 * which from SharedAlbum.getinfo_public, which needs no password); a wrong or missing password is
 * the album password's 416; too many wrong ones the logins' 410.
 */
const codes: Record<Refusal, ErrorCode> = {
  unknown: Code.NoPermission,
  closed: Code.NoPermission,
  password: Code.AlbumPasswordError,
  throttled: Code.AuthLoginMaxTries,
};

/**
 * The visitor a share id (and `password`) lets in, or a refusal before the handler runs. The
 * share is looked up in the library that holds it, the shared one or a personal one
 * (`Spaces.shareSpace`): the visitor names only the share, and is then served in that library
 * alone (src/webapi/spaces.ts).
 */
export async function shareVisitor(ctx: Context, services: Services, shareId: string, password: string | undefined): Promise<User> {
  const space = services.spaces.shareSpace(shareId);
  if (space === undefined) throw new WebApiError(codes.unknown, 'Share refused: unknown');
  const home = await services.spaces.resolve(space);
  const visit = await home.shares.links.visit(shareId, password, ctx.ip, services.config.now());
  if (typeof visit === 'string') throw new WebApiError(codes[visit], `Share refused: ${visit}`);
  return visitor({ ...visit, space: home.space.name });
}
