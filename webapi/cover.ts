import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as cover from '../src/api/cover.ts';

export default {
  name: 'SYNO.PhotoStation.Cover',
  path: 'cover.php',
  minVersion: 1,
  maxVersion: 2,
  badRequest: Code.BadRequest,
  summary: 'Album and smart album covers (SPEC §14).',
  methods: {
    set: {
      versions: [1, 2],
      summary: "Makes the photo or video `item_id` (in the album `id` or below it) the album's cover. Needs manage on the album.",
      errors: [Code.AlbumNoManageRight],
      ...cover.set,
    },
    setsmart: {
      versions: [1, 2],
      summary:
        "Makes the photo or video `item_id` the cover of the smart album `id`, which must select it (101 otherwise, as for an unknown smart album or item). Administrators only (105). The choice holds while the smart album still selects the item; renaming the smart album keeps it. Thumb.get of the smart album's id answers the cover: the chosen item where the caller may browse it, else the first item `Photo.list filter_smart` lists by default (taken date, oldest first) among those the caller may browse, else 503.",
      ...cover.setsmart,
    },
  },
} satisfies ApiDescriptor;
