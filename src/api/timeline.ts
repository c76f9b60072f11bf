import type { ItemKind } from '../library/media.ts';
import type { Call, Handlers } from '../services.ts';

function getindex({ params, services, user }: Call<{ type: ItemKind[] }>) {
  const { library } = services;
  // A token's abilities narrow what its user sees: its own entry (SPEC §17).
  const who = user?.isAdmin ? 'admin' : user ? `u${user.id}${user.token ? `:${user.token.jti}` : ''}` : 'guest';
  return { items: library.timelines.get(who, () => library.visibility.browsableIds(user), params.type) };
}

export const handlers = { getindex } satisfies Handlers;
