import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as log from '../src/api/photo-log.ts';

export default {
  name: 'SYNO.PhotoStation.PhotoLog',
  path: 'log.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary:
    "The administrator's log (SPEC §15): uploads (`upload`), moves (`move`), copies (`copy`), deletes (`delete`), logins (`login`) and refused logins " +
    '(`login_failed`), as requested through the WebAPI. Administrators only (105).',
  methods: {
    list: {
      reads: true,
      versions: [1],
      summary: 'Newest first, paged: `{total, offset, items:[{time ("Y-m-d H:i:s"), user, action, detail}]}`; `detail` is JSON text of the call\'s ids, paths and names.',
      ...log.list,
    },
    clear: {
      versions: [1],
      summary: 'Empties the log.',
      ...log.clear,
    },
  },
} satisfies ApiDescriptor;
