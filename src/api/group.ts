import type { Services } from '../services.ts';
import type { Call, Handlers } from '../services.ts';
import { GroupError } from '../library/groups.ts';
import type { GroupRow } from '../library/groups.ts';
import type { Library } from '../library/library.ts';
import { Code, WebApiError } from '../codes.ts';

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

function named<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof GroupError) throw new WebApiError(Code.BadRequest, err.message);
    throw err;
  }
}

function userIds(services: Services, names: readonly string[]): number[] {
  return names.map((n) => {
    const u = services.users.byName(n);
    if (!u) throw new WebApiError(Code.BadRequest, `No user \`${n.slice(0, 40)}\``);
    return u.id;
  });
}

function list({ params, services }: Call<{ offset: number; limit: number }>) {
  const all = services.library.groups.all();
  const groups = all.slice(Math.min(params.offset, all.length), params.limit === -1 ? all.length : Math.min(all.length, params.offset + params.limit)).map(groupJson);
  return { total: all.length, offset: params.offset + groups.length, groups };
}

function get({ params, services }: Call<{ id: string }>) {
  const g = groupFor(services.library, params.id);
  return { ...groupJson(g), members: services.library.groups.members(g.id) };
}

function create({ params, services }: Call<{ name: string; description: string }>) {
  return { id: `group_${named(() => services.library.groups.create(params.name, params.description)).id}` };
}

function edit({ params, services }: Call<{ id: string; name?: string; description?: string }>) {
  const g = groupFor(services.library, params.id);
  named(() => services.library.groups.update(g.id, params));
}

function editmember({ params, services }: Call<{ id: string; add: string[]; remove: string[] }>) {
  const g = groupFor(services.library, params.id);
  services.library.groups.editMembers(g.id, userIds(services, params.add), userIds(services, params.remove));
}

function remove({ params, services }: Call<{ id: string[] }>) {
  const { library } = services;
  const rows = params.id.map((id) => groupFor(library, id));
  library.db.transaction(() => rows.forEach((g) => library.groups.delete(g.id)))();
}

export const handlers = { list, get, create, edit, editmember, delete: remove } satisfies Handlers;
