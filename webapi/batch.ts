import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';

const strategy = { type: 'string', enum: ['ask', 'rename', 'overwrite', 'ignore'] } as const;
// Untyped on purpose: a typed list would read a lone object or a comma string as a list, so a
// selection that is not a JSON array would slip through instead of getting 601 (docs/protocol.md §10).
const selection = { description: 'A JSON array of ids, `{children, recursive, exclude}` and `{search, exclude}` (seed 002); anything else: 601.' } as const;
const transfer = {
  type: 'object',
  properties: {
    move_operations: { type: 'object', additionalProperties: { type: 'string', maxLength: 20000 } },
    operations: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          from: { type: 'string', maxLength: 20000 },
          to: { type: 'string', maxLength: 20000 },
          name: { type: 'string', minLength: 1, maxLength: 255 },
          duplicate: strategy,
        },
        required: ['from', 'to'],
        additionalProperties: false,
      },
    },
    selection,
    to: { type: 'string', maxLength: 20000 },
    duplicate: { ...strategy, default: 'rename' },
    async: { type: 'boolean', default: false },
    from_space: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      description: "(SPEC §18) The space the sources are in: `-` (the shared library) or a user's name; default the request's space.",
    },
    to_space: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      description:
        "(SPEC §18) The space the destinations are in; default the request's space. Items only. Answered at once up to 1 000 explicit ids; with `async`, a `selection` (read in the source space) or more items, a task held by the request's space when it is one of the two, else by the source space.",
    },
  },
} as const;

export default {
  name: 'SYNO.PhotoStation.Batch',
  path: 'batch.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BatchBadParams,
  handlers: 'batch',
  summary: '(ext) Bulk move, copy and delete of items and albums, after seeds 000, 002, 003 and 004 (docs/protocol.md §10).',
  methods: {
    move: {
      versions: [1],
      auth: 'user',
      summary:
        'Moves items and albums: `move_operations[<id>]=<album id>` (seed 000), or `operations` `[{from, to, name?, duplicate?}]` (seed 004), or `selection` with `to` (seed 002). Answers `{status, items}` (200, or 207 when some were not done), or `{taskid}` when `async`, a selection, or more than 1 000 items.',
      params: { type: 'object', properties: { ...transfer.properties } },
    },
    copy: {
      versions: [1],
      auth: 'user',
      summary: 'Copies items and albums; parameters and answers as `move`.',
      params: { type: 'object', properties: { ...transfer.properties } },
    },
    delete: {
      versions: [1],
      auth: 'user',
      summary: 'Deletes items and albums (to the trash): `id` list or `selection`. Answers `{status, items, deleted}` with the deleted ids (seed 003), or `{taskid}`.',
      params: {
        type: 'object',
        properties: {
          id: { type: 'array', items: { type: 'string', maxLength: 20000 } },
          selection,
          async: { type: 'boolean', default: false },
        },
      },
    },
  },
} satisfies ApiDescriptor;
