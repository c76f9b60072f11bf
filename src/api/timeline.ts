import type { ItemKind } from '../library/media.ts';
import { timelineIndex } from '../library/timeline.ts';
import type { Call, Handlers } from '../services.ts';

function getindex({ params, services, user }: Call<{ type: ItemKind[] }>) {
  const { library } = services;
  return { items: timelineIndex(library.db, library.visibility.browsableIds(user), params.type) };
}

export const handlers = { getindex } satisfies Handlers;
