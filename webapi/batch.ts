import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as batch from '../src/api/batch.ts';

export default {
  name: 'SYNO.PhotoStation.Batch',
  path: 'batch.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BatchBadParams,
  summary: '(ext) Bulk move, copy and delete of items and albums, after seeds 000, 002, 003 and 004 (docs/protocol.md §10).',
  methods: {
    move: {
      versions: [1],
      summary:
        'Moves items and albums: `move_operations[<id>]=<album id>` (seed 000), or `operations` `[{from, to, name?, duplicate?}]` (seed 004), or `selection` with `to` (seed 002). Answers `{status, items}` (200, or 207 when some were not done), or `{taskid}` when `async`, a selection, or more than 1 000 items.',
      ...batch.move,
    },
    copy: {
      versions: [1],
      summary: 'Copies items and albums; parameters and answers as `move`.',
      ...batch.copy,
    },
    delete: {
      versions: [1],
      summary: 'Deletes items and albums (to the trash): `id` list or `selection`. Answers `{status, items, deleted}` with the deleted ids (seed 003), or `{taskid}`.',
      ...batch.remove,
    },
  },
} satisfies ApiDescriptor;
