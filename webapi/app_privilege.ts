import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { NO_MEANING, changesNothing, readsNothing } from '../src/api/inert/answers.ts';

export default {
  name: 'SYNO.PhotoStation.AppPrivilege',
  path: 'app_privilege.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary: `${NO_MEANING} DSM's per-application user privileges; here every account may use the server.`,
  methods: {
    list: readsNothing('Users and groups with the Photo Station privilege.'),
    edit: changesNothing('Grants or revokes the privilege.'),
  },
} satisfies ApiDescriptor;
