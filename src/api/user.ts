import { UserError } from '../auth/users.ts';
import type { User } from '../auth/users.ts';
import type { Call, Handlers } from '../services.ts';
import { Code, WebApiError } from '../codes.ts';

function shape(u: User) {
  return { username: u.username, is_admin: u.isAdmin, disabled: u.disabled, personal_library: u.personalLibrary, created_at: Math.floor(u.createdAt / 1000) };
}

/** UserError carries a reason meant for the log; the client sees 101. */
async function guarded<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof UserError) throw new WebApiError(Code.BadRequest, err.message);
    throw err;
  }
}

function list({ services }: Call<unknown>) {
  return { users: services.users.list().map(shape) };
}

function create({ params, services }: Call<{ username: string; password: string; is_admin: boolean }>) {
  return guarded(async () => shape(await services.users.create(params.username, params.password, params.is_admin, services.config.now())));
}

function edit({ params, services }: Call<{ username: string; password?: string; is_admin?: boolean; disabled?: boolean; personal_library?: boolean }>) {
  return guarded(async () => {
    if ((params.is_admin === false || params.disabled === true) && services.users.isLastActiveAdmin(params.username)) {
      throw new UserError('The last administrator cannot lose the right or be disabled');
    }
    return shape(
      await services.users.edit(params.username, { password: params.password, isAdmin: params.is_admin, disabled: params.disabled, personalLibrary: params.personal_library }),
    );
  });
}

function remove({ params, services }: Call<{ username: string }>) {
  return guarded(() => {
    if (services.users.isLastActiveAdmin(params.username)) throw new UserError('The last administrator cannot be deleted');
    services.users.delete(params.username);
  });
}

export const handlers = { list, create, edit, delete: remove } satisfies Handlers;
