import type { User } from '../auth/users.ts';
import type { AlbumRow } from '../library/albums.ts';
import { IdError, decodeAlbumId } from '../library/ids.ts';
import type { Library } from '../library/library.ts';
import type { Call, Handlers } from '../services.ts';
import { Code, WebApiError } from '../webapi/codes.ts';

function requireAdmin(user: User | null): void {
  if (!user?.isAdmin) throw new WebApiError(Code.PermissionAccessDeny, 'Only administrators manage permissions');
}

function albumOf(lib: Library, id: string): AlbumRow {
  let albumPath: string;
  try {
    albumPath = decodeAlbumId(id);
  } catch (err) {
    if (err instanceof IdError) throw new WebApiError(Code.PermissionBadParams, err.message);
    throw err;
  }
  const album = lib.albums.byPath(albumPath);
  if (!album) throw new WebApiError(Code.PermissionBadParams, 'No such album');
  return album;
}

function list({ params, user, services }: Call<{ id: string }>) {
  requireAdmin(user);
  const album = albumOf(services.library, params.id);
  const users = services.users.list();
  const rights = services.library.rights.list(album, users);
  return {
    items: users.map((u, i) => {
      const r = rights[i] as (typeof rights)[number];
      return { username: u.username, is_admin: u.isAdmin, browse: r.browse, upload: r.upload, manage: r.manage, inherited: r.inherited };
    }),
  };
}

interface EditParams {
  id: string;
  username: string;
  browse?: boolean;
  upload?: boolean;
  manage?: boolean;
}

function edit({ params, user, services }: Call<EditParams>) {
  requireAdmin(user);
  const album = albumOf(services.library, params.id);
  const target = services.users.byName(params.username);
  if (!target) throw new WebApiError(Code.PermissionBadParams, `No user \`${params.username}\``);
  const { rights } = services.library;
  const current = rights.direct(album, target.id);
  rights.grant(album, target.id, {
    browse: params.browse ?? current.browse,
    upload: params.upload ?? current.upload,
    manage: params.manage ?? current.manage,
  });
}

export const handlers = { list, edit } satisfies Handlers;
