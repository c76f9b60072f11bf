import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';

export default {
  name: 'SYNO.PhotoStation.Timeline',
  path: 'timeline.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  handlers: 'timeline',
  summary: 'How many items were taken on each day (SPEC §15), counting only items the caller may browse.',
  methods: {
    getindex: {
      reads: true,
      versions: [1],
      auth: 'guest',
      summary: '`{items:[{year, month, day, count}]}`, newest day first, for the kinds in `type` (default both).',
      params: {
        type: 'object',
        properties: { type: { type: 'array', items: { type: 'string', enum: ['photo', 'video'] }, default: ['photo', 'video'] } },
      },
    },
  },
} satisfies ApiDescriptor;
