import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as sync from '../src/api/sync.ts';

export default {
  name: 'SYNO.PhotoStation.Sync',
  path: 'sync.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary: '(ext) The ordered change feed of albums, items and tasks, with long-polling (docs/protocol.md §10).',
  methods: {
    list: {
      versions: [1],
      reads: true,
      summary:
        'Events after `cursor` (0: from the start; omitted: only what happens from now on): `{cursor, events:[{cursor, action, data_type, data_key, data}]}`. With `wait` (seconds, up to 30) and nothing new, answers at the first change or when the wait ends.',
      ...sync.list,
    },
  },
} satisfies ApiDescriptor;
