import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';

export default {
  name: 'SYNO.API.Info',
  path: 'query.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  handlers: 'info',
  summary: 'Discovery: which APIs exist, at which path, in which versions (SPEC §6).',
  methods: {
    query: {
      versions: [1],
      reads: true,
      auth: 'none',
      summary: 'APIs matching `query`: `all`, or a comma list of names; a name ending in `.` is a prefix.',
      params: {
        type: 'object',
        properties: { query: { type: 'string', default: 'all', maxLength: 65536 } },
      },
    },
  },
} satisfies ApiDescriptor;
