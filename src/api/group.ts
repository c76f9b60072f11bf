import type { Services } from '../services.ts';
import { GroupError } from '../library/groups.ts';
import type { GroupRow } from '../library/groups.ts';
import type { Library } from '../library/library.ts';
import { Code, WebApiError } from '../codes.ts';
import { route } from '../webapi/route.ts';
import { limit, nonEmptyIdList, offset, text } from '../webapi/schema.ts';
import { badRequestOn } from './reasons.ts';

const groupId = { type: 'string', minLength: 1, maxLength: 64 } as const;
const name = { type: 'string', minLength: 1, maxLength: 255 } as const;
const usernames = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 256 }, maxItems: 10000, default: [] } as const;

export function groupJson(g: GroupRow) {
  return { id: `group_${g.id}`, name: g.name, description: g.description };
}

/** The group a `group_<n>` id names; `bad` otherwise. */
export function groupFor(library: Library, id: string, bad: typeof Code.BadRequest | typeof Code.PermissionBadParams = Code.BadRequest): GroupRow {
  const m = /^group_(\d{1,15})$/.exec(id);
  const row = m ? library.groups.byId(Number(m[1])) : undefined;
  if (!row) throw new WebApiError(bad, `No such group \`${id.slice(0, 40)}\``);
  return row;
}

function userIds(services: Services, names: readonly string[]): number[] {
  return names.map((n) => {
    const u = services.users.byName(n);
    if (!u) throw new WebApiError(Code.BadRequest, `No user \`${n.slice(0, 40)}\``);
    return u.id;
  });
}

export const list = route('admin', { type: 'object', properties: { offset: { ...offset, default: 0 }, limit: { ...limit, default: -1 } } }, ({ params, services }) => {
  const all = services.library.groups.all();
  const groups = all.slice(Math.min(params.offset, all.length), params.limit === -1 ? all.length : Math.min(all.length, params.offset + params.limit)).map(groupJson);
  return { total: all.length, offset: params.offset + groups.length, groups };
});

export const get = route('admin', { type: 'object', properties: { id: groupId }, required: ['id'] }, ({ params, services }) => {
  const g = groupFor(services.library, params.id);
  return { ...groupJson(g), members: services.library.groups.members(g.id) };
});

export const create = route('admin', { type: 'object', properties: { name, description: { ...text, default: '' } }, required: ['name'] }, ({ params, services }) => ({
  id: `group_${badRequestOn(GroupError, () => services.library.groups.create(params.name, params.description)).id}`,
}));

export const edit = route('admin', { type: 'object', properties: { id: groupId, name, description: text }, required: ['id'] }, ({ params, services }) => {
  const g = groupFor(services.library, params.id);
  badRequestOn(GroupError, () => services.library.groups.update(g.id, params));
});

export const editmember = route('admin', { type: 'object', properties: { id: groupId, add: usernames, remove: usernames }, required: ['id'] }, ({ params, services }) => {
  const g = groupFor(services.library, params.id);
  services.library.groups.editMembers(g.id, userIds(services, params.add), userIds(services, params.remove));
});

export const remove = route('admin', { type: 'object', properties: { id: nonEmptyIdList }, required: ['id'] }, ({ params, services }) => {
  const { library } = services;
  const rows = params.id.map((id) => groupFor(library, id));
  library.db.transaction(() => rows.forEach((g) => library.groups.delete(g.id)))();
});
