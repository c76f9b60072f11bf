import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { idString } from '../src/webapi/schema.ts';

export default {
  name: 'SYNO.PhotoStation.Cover',
  path: 'cover.php',
  minVersion: 1,
  maxVersion: 2,
  badRequest: Code.BadRequest,
  handlers: 'cover',
  summary: 'Album covers (SPEC §14).',
  methods: {
    set: {
      versions: [1, 2],
      auth: 'user',
      summary: "Makes the photo or video `item_id` (in the album `id` or below it) the album's cover. Needs manage on the album.",
      errors: [Code.AlbumNoManageRight],
      params: {
        type: 'object',
        properties: { id: { ...idString, minLength: 1 }, item_id: { ...idString, minLength: 1 } },
        required: ['id', 'item_id'],
      },
    },
  },
} satisfies ApiDescriptor;
