import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { NO_MEANING, changesNothing, readsNothing } from '../src/api/inert/answers.ts';

export default {
  name: 'SYNO.PhotoStation.Migration',
  path: 'migration.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary: `${NO_MEANING} moving a Photo Station 5 library into 6; this server never had one to move.`,
  methods: {
    // Nothing was ever migrated into this server, and nothing is running.
    status: {
      ...readsNothing('State of a migration: `{running:false, finished:true}`.', () => ({ running: false, finished: true })),
      summary: 'State of a migration: always `{running:false, finished:true}`.',
    },
    start: changesNothing('Starts a migration.'),
  },
} satisfies ApiDescriptor;
