import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as timeline from '../src/api/timeline.ts';

export default {
  name: 'SYNO.PhotoStation.Timeline',
  path: 'timeline.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary: 'How many items were taken on each day (SPEC §15), counting only items the caller may browse.',
  methods: {
    getindex: {
      reads: true,
      versions: [1],
      summary: '`{items:[{year, month, day, count}]}`, newest day first, for the kinds in `type` (default both).',
      ...timeline.getindex,
    },
  },
} satisfies ApiDescriptor;
