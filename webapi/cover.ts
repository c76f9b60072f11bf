import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as cover from '../src/api/cover.ts';

export default {
  name: 'SYNO.PhotoStation.Cover',
  path: 'cover.php',
  minVersion: 1,
  maxVersion: 2,
  badRequest: Code.BadRequest,
  summary: 'Album covers (SPEC §14).',
  methods: {
    set: {
      versions: [1, 2],
      summary: "Makes the photo or video `item_id` (in the album `id` or below it) the album's cover. Needs manage on the album.",
      errors: [Code.AlbumNoManageRight],
      ...cover.set,
    },
  },
} satisfies ApiDescriptor;
