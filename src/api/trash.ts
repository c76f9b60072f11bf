import { route } from '../webapi/route.ts';
import { limit, offset } from '../webapi/schema.ts';
import { answerOnWire } from './reasons.ts';

const entryIds = { type: 'array', items: { type: 'integer', minimum: 1 }, maxItems: 100000 } as const;

export const list = route('user', { type: 'object', properties: { offset: { ...offset, default: 0 }, limit: { ...limit, default: -1 } } }, (call) =>
  call.services.ops.trashList(call.user, call.params.offset, call.params.limit),
);

export const restore = route(
  'user',
  {
    type: 'object',
    properties: { id: { ...entryIds, minItems: 1 }, duplicate: { type: 'string', enum: ['rename', 'ignore', 'overwrite'], default: 'rename' } },
    required: ['id'],
  },
  async (call) => answerOnWire(await call.services.ops.trashRestore(call.user, call.raw.id, call.params.id, call.params.duplicate), call.info),
);

export const empty = route('user', { type: 'object', properties: { id: entryIds } }, async (call) => call.services.ops.trashEmpty(call.user, call.params.id));
