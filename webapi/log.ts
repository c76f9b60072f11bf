import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { limit, offset } from '../src/webapi/schema.ts';

export default {
  name: 'SYNO.PhotoStation.PhotoLog',
  path: 'log.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  handlers: 'photo-log',
  summary:
    "The administrator's log (SPEC §15): uploads (`upload`), moves (`move`), copies (`copy`), deletes (`delete`), logins (`login`) and refused logins " +
    '(`login_failed`), as requested through the WebAPI. Administrators only (105).',
  methods: {
    list: {
      reads: true,
      versions: [1],
      auth: 'admin',
      summary: 'Newest first, paged: `{total, offset, items:[{time ("Y-m-d H:i:s"), user, action, detail}]}`; `detail` is JSON text of the call\'s ids, paths and names.',
      params: { type: 'object', properties: { offset: { ...offset, default: 0 }, limit: { ...limit, default: 100 } } },
    },
    clear: {
      versions: [1],
      auth: 'admin',
      summary: 'Empties the log.',
      params: { type: 'object', properties: {} },
    },
  },
} satisfies ApiDescriptor;
