import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { NO_MEANING, changesNothing, readsNothing } from '../src/webapi/inert.ts';

export default {
  name: 'SYNO.PhotoStation.Watermark',
  path: 'watermark.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  handlers: 'inert/watermark',
  summary: `${NO_MEANING} watermarks drawn on shared images; this server draws none.`,
  methods: {
    get: { ...readsNothing('Watermark settings.'), summary: 'Watermark settings: always `{enabled:false}`.' },
    set: changesNothing('Changes the watermark settings.'),
  },
} satisfies ApiDescriptor;
