import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { NO_MEANING, changesNothing, readsNothing } from '../src/api/inert/answers.ts';

export default {
  name: 'SYNO.PhotoStation.Watermark',
  path: 'watermark.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary: `${NO_MEANING} watermarks drawn on shared images; this server draws none.`,
  methods: {
    // No watermark is ever drawn on this server's images.
    get: { ...readsNothing('Watermark settings.', () => ({ enabled: false })), summary: 'Watermark settings: always `{enabled:false}`.' },
    set: changesNothing('Changes the watermark settings.'),
  },
} satisfies ApiDescriptor;
