import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { NO_MEANING, changesNothing } from '../src/api/inert/answers.ts';

export default {
  name: 'SYNO.PhotoStation.ACL',
  path: 'acl.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary: `${NO_MEANING} DSM file access control lists; this server has none (its rights are Permission's).`,
  // Only a DSM administrator could read or change them, and there is no DSM.
  methods: {
    get: changesNothing("Reads an album folder's DSM ACL."),
    set: changesNothing("Changes an album folder's DSM ACL."),
  },
} satisfies ApiDescriptor;
