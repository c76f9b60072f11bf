import type { User } from '../auth/users.ts';
import type { AlbumRow } from '../library/albums.ts';
import { decodeAlbumId, decoded } from '../library/ids.ts';
import { psId } from '../library/uids.ts';
import type { Library } from '../library/library.ts';
import type { Call, Handlers } from '../services.ts';
import type { Rights } from '../library/rights.ts';
import { Code, WebApiError } from '../codes.ts';
import { groupFor } from './group.ts';

function requireAdmin(user: User | null): void {
  if (!user?.isAdmin) throw new WebApiError(Code.PermissionAccessDeny, 'Only administrators manage permissions');
}

function albumOf(lib: Library, id: string): AlbumRow {
  // A malformed id is `bad-input`: the Permission API's bad-parameter code, 426.
  const album = lib.albums.byPath(decoded('Bad album id', () => decodeAlbumId(psId(lib, id))));
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

/** The rights to set: each given one, else the current grant's. */
function wanted(params: { browse?: boolean; upload?: boolean; manage?: boolean }, current: Rights): Rights {
  return { browse: params.browse ?? current.browse, upload: params.upload ?? current.upload, manage: params.manage ?? current.manage };
}

function getalbum(call: Call<{ id: string }>) {
  const { params, services } = call;
  const { items } = list(call);
  const album = albumOf(services.library, params.id);
  const { groups } = services.library;
  return {
    users: items,
    groups: groups.all().map((g) => ({ id: `group_${g.id}`, name: g.name, ...groups.direct(album, g.id) })),
  };
}

function editalbum(call: Call<EditParams & { username?: string; group_id?: string }>) {
  const { params, user, services } = call;
  requireAdmin(user);
  if ((params.username === undefined) === (params.group_id === undefined)) throw new WebApiError(Code.PermissionBadParams, 'Expected one of `username` and `group_id`');
  if (params.username !== undefined) {
    edit(call as Call<EditParams>);
    return;
  }
  const album = albumOf(services.library, params.id);
  const group = groupFor(services.library, params.group_id as string, Code.PermissionBadParams);
  services.library.groups.grant(album, group.id, wanted(params, services.library.groups.direct(album, group.id)));
}

function editgroup({ params, user, services }: Call<{ group_id: string; id: string[]; browse?: boolean; upload?: boolean; manage?: boolean }>) {
  requireAdmin(user);
  const { library } = services;
  const group = groupFor(library, params.group_id, Code.PermissionBadParams);
  const albums = params.id.map((id) => albumOf(library, id));
  library.db.transaction(() => {
    for (const album of albums) library.groups.grant(album, group.id, wanted(params, library.groups.direct(album, group.id)));
  })();
}

export const handlers = { list, edit, getalbum, editalbum, editgroup } satisfies Handlers;
