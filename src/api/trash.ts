import { Code } from '../codes.ts';
import { route } from '../webapi/route.ts';
import { limit, offset } from '../webapi/schema.ts';
import { answerOnWire, withCodes } from './reasons.ts';
import type { CodeTable } from './reasons.ts';

/** Trash's codes for the domain's reasons (docs/protocol.md): 610 an entry that is not there, 101 a link on the way back. */
const codes: CodeTable = {
  'not-found': Code.TrashNotFound,
  unsafe: Code.BadRequest,
  exists: Code.BatchConflict,
};

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
  (call) => withCodes(codes, async () => answerOnWire(await call.services.ops.trashRestore(call.user, call.raw.id, call.params.id, call.params.duplicate), codes)),
);

export const empty = route('user', { type: 'object', properties: { id: entryIds } }, (call) =>
  withCodes(codes, async () => call.services.ops.trashEmpty(call.user, call.params.id)),
);
