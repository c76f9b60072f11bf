import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { NO_MEANING, changesNothing, readsNothing } from '../src/webapi/inert.ts';

export default {
  name: 'SYNO.PhotoStation.Migration',
  path: 'migration.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  handlers: 'inert/migration',
  summary: `${NO_MEANING} moving a Photo Station 5 library into 6; this server never had one to move.`,
  methods: {
    status: { ...readsNothing('State of a migration: `{running:false, finished:true}`.'), summary: 'State of a migration: always `{running:false, finished:true}`.' },
    start: changesNothing('Starts a migration.'),
  },
} satisfies ApiDescriptor;
