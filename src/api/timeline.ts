import type { ItemKind } from '../library/media.ts';
import type { Call, Handlers } from '../services.ts';

function getindex({ params, services, user }: Call<{ type: ItemKind[] }>) {
  const { library } = services;
  const who = user?.isAdmin ? 'admin' : user ? `u${user.id}` : 'guest';
  return { items: library.timelines.get(who, () => library.visibility.browsableIds(user), params.type) };
}

export const handlers = { getindex } satisfies Handlers;
