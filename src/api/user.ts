import { UserError } from '../auth/users.ts';
import type { User } from '../auth/users.ts';
import { route } from '../webapi/route.ts';
import { badRequestOn } from './reasons.ts';

const username = { type: 'string', minLength: 1, maxLength: 64 } as const;

function shape(u: User) {
  return { username: u.username, is_admin: u.isAdmin, disabled: u.disabled, personal_library: u.personalLibrary, created_at: Math.floor(u.createdAt / 1000) };
}

export const list = route('admin', { type: 'object', properties: {} }, ({ services }) => ({ users: services.users.list().map(shape) }));

export const create = route(
  'admin',
  {
    type: 'object',
    properties: { username, password: { type: 'string', minLength: 1, maxLength: 4096 }, is_admin: { type: 'boolean', default: false } },
    required: ['username', 'password'],
  },
  ({ params, services }) => badRequestOn(UserError, async () => shape(await services.users.create(params.username, params.password, params.is_admin, services.config.now()))),
);

export const edit = route(
  'admin',
  {
    type: 'object',
    properties: {
      username,
      password: { type: 'string', minLength: 1, maxLength: 4096 },
      is_admin: { type: 'boolean' },
      disabled: { type: 'boolean' },
      personal_library: { type: 'boolean' },
    },
    required: ['username'],
  },
  ({ params, services }) =>
    badRequestOn(UserError, async () => {
      if ((params.is_admin === false || params.disabled === true) && services.users.isLastActiveAdmin(params.username)) {
        throw new UserError('The last administrator cannot lose the right or be disabled');
      }
      return shape(
        await services.users.edit(params.username, { password: params.password, isAdmin: params.is_admin, disabled: params.disabled, personalLibrary: params.personal_library }),
      );
    }),
);

export const remove = route('admin', { type: 'object', properties: { username }, required: ['username'] }, ({ params, services }) =>
  badRequestOn(UserError, () => {
    if (services.users.isLastActiveAdmin(params.username)) throw new UserError('The last administrator cannot be deleted');
    services.users.delete(params.username);
  }),
);
