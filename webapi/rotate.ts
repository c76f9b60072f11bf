import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as rotate from '../src/api/rotate.ts';

export default {
  name: 'SYNO.PhotoStation.Rotate',
  path: 'rotate.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.PhotoBadParams,
  summary: 'Turns photos and videos as they are shown, never the file (SPEC §15).',
  methods: {
    set: {
      versions: [1],
      summary:
        "Turns the items `id` by `rotate` degrees clockwise (90, 180, 270) on top of their current rotation; `info.rotate_version` increases and the thumbnails follow. Needs manage on each item's album.",
      errors: [Code.PhotoBadParams, Code.PhotoAccessDeny],
      ...rotate.set,
    },
  },
} satisfies ApiDescriptor;
