import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { limit, offset } from '../src/webapi/schema.ts';

const entryIds = { type: 'array', items: { type: 'integer', minimum: 1 }, maxItems: 100000 } as const;

export default {
  name: 'SYNO.PhotoStation.Trash',
  path: 'trash.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  handlers: 'trash',
  summary: '(ext) Deleted and overwritten albums and items, kept for the retention period (SPEC §11).',
  methods: {
    list: {
      versions: [1],
      reads: true,
      auth: 'user',
      summary: 'Entries the caller could manage, newest first: `{total, offset, items:[{id, type, path, deleted_at, reason}]}`.',
      params: { type: 'object', properties: { offset: { ...offset, default: 0 }, limit: { ...limit, default: -1 } } },
    },
    restore: {
      versions: [1],
      auth: 'user',
      summary: 'Puts entries back at their original path (parents recreated), `duplicate` `rename` (default), `ignore` or `overwrite`; 610 for an unknown id.',
      params: {
        type: 'object',
        properties: { id: { ...entryIds, minItems: 1 }, duplicate: { type: 'string', enum: ['rename', 'ignore', 'overwrite'], default: 'rename' } },
        required: ['id'],
      },
    },
    empty: {
      versions: [1],
      auth: 'user',
      summary: 'Deletes entries for good: those named by `id`, or every entry the caller sees; 610 for an unknown id.',
      params: { type: 'object', properties: { id: entryIds } },
    },
  },
} satisfies ApiDescriptor;
