import type { Call, Handlers } from '../services.ts';

interface ListParams {
  cursor?: number;
  limit: number;
  wait: number;
}

async function list({ params, services, ctx }: Call<ListParams>) {
  const { changes } = services;
  const cursor = params.cursor ?? changes.latest();
  const aborted = new AbortController();
  // A client that hangs up stops its wait rather than holding a listener for 30 s.
  ctx.res.once('close', () => aborted.abort());
  const events = await changes.wait(cursor, params.limit, Math.min(params.wait * 1000, services.config.longPollMaxMs), aborted.signal);
  const last = events[events.length - 1];
  return { cursor: last ? last.cursor : cursor, events };
}

export const handlers = { list } satisfies Handlers;
