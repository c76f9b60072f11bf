import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { NO_MEANING, changesNothing, readsNothing } from '../src/api/inert/answers.ts';

export default {
  name: 'SYNO.PhotoStation.Public',
  path: 'public.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary: `${NO_MEANING} DSM's public-share settings; this server's public albums are Album's \`type=public\`.`,
  methods: {
    list: readsNothing('Public shares.'),
    set: changesNothing('Changes the public-share settings.'),
  },
} satisfies ApiDescriptor;
