import { Code } from '../src/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as trash from '../src/api/trash.ts';

export default {
  name: 'SYNO.PhotoStation.Trash',
  path: 'trash.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary: '(ext) Deleted and overwritten albums and items, kept for the retention period (docs/protocol.md §9).',
  methods: {
    list: {
      versions: [1],
      reads: true,
      summary: 'Entries the caller could manage, newest first: `{total, offset, items:[{id, type, path, deleted_at, reason}]}`.',
      ...trash.list,
    },
    restore: {
      versions: [1],
      summary: 'Puts entries back at their original path (parents recreated), `duplicate` `rename` (default), `ignore` or `overwrite`; 610 for an unknown id.',
      ...trash.restore,
    },
    empty: {
      versions: [1],
      summary: 'Deletes entries for good: those named by `id`, or every entry the caller sees; 610 for an unknown id.',
      ...trash.empty,
    },
  },
} satisfies ApiDescriptor;
