import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as info from '../src/api/info.ts';

export default {
  name: 'SYNO.API.Info',
  path: 'query.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary: 'Discovery: which APIs exist, at which path, in which versions (SPEC §6).',
  methods: {
    query: {
      versions: [1],
      reads: true,
      summary: 'APIs matching `query`: `all`, or a comma list of names; a name ending in `.` is a prefix.',
      ...info.query,
    },
  },
} satisfies ApiDescriptor;
