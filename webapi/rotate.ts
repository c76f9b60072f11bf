import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { nonEmptyIdList } from '../src/webapi/schema.ts';

export default {
  name: 'SYNO.PhotoStation.Rotate',
  path: 'rotate.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.PhotoBadParams,
  handlers: 'rotate',
  summary: 'Turns photos and videos as they are shown, never the file (SPEC §15).',
  methods: {
    set: {
      versions: [1],
      auth: 'user',
      summary:
        "Turns the items `id` by `rotate` degrees clockwise (90, 180, 270) on top of their current rotation; `info.rotate_version` increases and the thumbnails follow. Needs manage on each item's album.",
      errors: [Code.PhotoBadParams, Code.PhotoAccessDeny],
      params: {
        type: 'object',
        properties: { id: nonEmptyIdList, rotate: { type: 'integer', enum: [90, 180, 270] } },
        required: ['id', 'rotate'],
      },
    },
  },
} satisfies ApiDescriptor;
