import { route } from '../webapi/route.ts';

export const getindex = route(
  'guest',
  {
    type: 'object',
    properties: { type: { type: 'array', items: { type: 'string', enum: ['photo', 'video'] }, default: ['photo', 'video'] } },
  },
  ({ params, services, user }) => {
    const { library } = services;
    // A token's abilities narrow what its user sees: its own entry (SPEC §17).
    const who = user?.isAdmin ? 'admin' : user ? `u${user.id}${user.token ? `:${user.token.jti}` : ''}` : 'guest';
    return { items: library.timelines.get(who, () => library.visibility.browsableIds(user), params.type) };
  },
);
