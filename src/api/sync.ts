import { route } from '../webapi/route.ts';

export const list = route(
  'user',
  {
    type: 'object',
    properties: {
      cursor: { type: 'integer', minimum: 0 },
      limit: { type: 'integer', minimum: 1, maximum: 5000, default: 500 },
      wait: { type: 'integer', minimum: 0, maximum: 30, default: 0 },
    },
  },
  async (call) => {
    const { params, services } = call;
    const { changes } = services;
    const cursor = params.cursor ?? changes.latest();
    // A client that hangs up stops its wait rather than holding a listener for 30 s.
    const hungUp = params.wait > 0 ? call.hangup() : undefined;
    const events = await changes.wait(cursor, params.limit, Math.min(params.wait * 1000, services.config.longPollMaxMs), hungUp);
    const last = events[events.length - 1];
    return { cursor: last ? last.cursor : cursor, events };
  },
);
