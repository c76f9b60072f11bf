import type { User } from '../auth/users.ts';
import type { AlbumRow } from '../library/albums.ts';
import { decodeAlbumId, decoded } from '../library/ids.ts';
import { psId } from '../library/uids.ts';
import type { Library } from '../library/library.ts';
import type { Services } from '../services.ts';
import type { Rights } from '../library/rights.ts';
import { Code, WebApiError } from '../codes.ts';
import { route } from '../webapi/route.ts';
import { idString, nonEmptyIdList } from '../webapi/schema.ts';
import { groupFor } from './group.ts';

const rights = { browse: { type: 'boolean' }, upload: { type: 'boolean' }, manage: { type: 'boolean' } } as const;
const groupId = { type: 'string', minLength: 1, maxLength: 64 } as const;
const username = { type: 'string', minLength: 1, maxLength: 256 } as const;
/** `auth: 'user'`, not `admin`, throughout: a logged-in non-administrator must get 427, not 105. */
const albumParam = { type: 'object', properties: { id: { ...idString, default: '' } } } as const;

function requireAdmin(user: User | null): void {
  if (!user?.isAdmin) throw new WebApiError(Code.PermissionAccessDeny, 'Only administrators manage permissions');
}

function albumOf(lib: Library, id: string): AlbumRow {
  // A malformed id is `bad-input`: the Permission API's bad-parameter code, 426.
  const album = lib.albums.byPath(decoded('Bad album id', () => decodeAlbumId(psId(lib, id))));
  if (!album) throw new WebApiError(Code.PermissionBadParams, 'No such album');
  return album;
}

/** Every user's rights on the album, as `list` and `getalbum` answer them. */
function userRights(services: Services, album: AlbumRow) {
  const users = services.users.list();
  const rights = services.library.rights.list(album, users);
  return users.map((u, i) => {
    const r = rights[i] as (typeof rights)[number];
    return { username: u.username, is_admin: u.isAdmin, browse: r.browse, upload: r.upload, manage: r.manage, inherited: r.inherited };
  });
}

export const list = route('user', albumParam, ({ params, user, services }) => {
  requireAdmin(user);
  const album = albumOf(services.library, params.id);
  return { items: userRights(services, album) };
});

/** The rights to set: each given one, else the current grant's. */
function wanted(params: { browse?: boolean; upload?: boolean; manage?: boolean }, current: Rights): Rights {
  return { browse: params.browse ?? current.browse, upload: params.upload ?? current.upload, manage: params.manage ?? current.manage };
}

/** Sets the rights granted to the user `username` on the album `params.id`. */
function grantUser(services: Services, params: { id: string; browse?: boolean; upload?: boolean; manage?: boolean }, username: string): void {
  const album = albumOf(services.library, params.id);
  const target = services.users.byName(username);
  if (!target) throw new WebApiError(Code.PermissionBadParams, `No user \`${username}\``);
  const { rights } = services.library;
  rights.grant(album, target.id, wanted(params, rights.direct(album, target.id)));
}

export const edit = route('user', { type: 'object', properties: { id: idString, username, ...rights }, required: ['id', 'username'] }, ({ params, user, services }) => {
  requireAdmin(user);
  grantUser(services, params, params.username);
});

export const getalbum = route('user', albumParam, ({ params, user, services }) => {
  requireAdmin(user);
  const album = albumOf(services.library, params.id);
  const items = userRights(services, album);
  const { groups } = services.library;
  return {
    users: items,
    groups: groups.all().map((g) => ({ id: `group_${g.id}`, name: g.name, ...groups.direct(album, g.id) })),
  };
});

export const editalbum = route('user', { type: 'object', properties: { id: idString, username, group_id: groupId, ...rights }, required: ['id'] }, ({ params, user, services }) => {
  requireAdmin(user);
  if ((params.username === undefined) === (params.group_id === undefined)) throw new WebApiError(Code.PermissionBadParams, 'Expected one of `username` and `group_id`');
  if (params.username !== undefined) {
    grantUser(services, params, params.username);
    return;
  }
  const album = albumOf(services.library, params.id);
  const group = groupFor(services.library, params.group_id as string, Code.PermissionBadParams);
  services.library.groups.grant(album, group.id, wanted(params, services.library.groups.direct(album, group.id)));
});

export const editgroup = route(
  'user',
  { type: 'object', properties: { group_id: groupId, id: nonEmptyIdList, ...rights }, required: ['group_id', 'id'] },
  ({ params, user, services }) => {
    requireAdmin(user);
    const { library } = services;
    const group = groupFor(library, params.group_id, Code.PermissionBadParams);
    const albums = params.id.map((id) => albumOf(library, id));
    library.db.transaction(() => {
      for (const album of albums) library.groups.grant(album, group.id, wanted(params, library.groups.direct(album, group.id)));
    })();
  },
);
