import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as browse from '../src/api/photo-browse.ts';
import * as exif from '../src/api/photo-exif.ts';
import * as operations from '../src/api/photo-ops.ts';
import { notHere } from '../src/api/inert/answers.ts';

export default {
  name: 'SYNO.PhotoStation.Photo',
  path: 'photo.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.PhotoBadParams,
  summary: 'Photos and videos: files in albums (SPEC §8, §10).',
  methods: {
    list: {
      versions: [1],
      reads: true,
      share: true,
      summary:
        'Items across the library (or one album), paged, optionally by taken date (`D`, `S,E`, `S,`, `,E`), by tags (`filter_tag`: an item with any of them; `tag_unconfirm` among them: the items with an unconfirmed people tag, whatever else is named), ' +
        "by `keyword` (in names, titles, descriptions and tag names), by minimum `rating`, to the items with a position (`gps=true`) and by a smart album's condition (`filter_smart`, its id; 456 for an unknown one). " +
        "`color_label` is accepted and ignored: no item carries a color label here. With `public_share_id` (or `filter_public_share`) and the share's `password`, a visitor lists exactly the share's items (SPEC §18).",
      ...browse.list,
    },
    getinfo: {
      versions: [1],
      reads: true,
      share: true,
      summary: 'The items named by `id`; `data` is a bare array.',
      ...browse.getinfo,
    },
    getexif: {
      reads: true,
      share: true,
      versions: [1],
      summary:
        "The EXIF of the item's file, read from the file: `{total, exifs:[{label, value}]}` (date taken, camera, lens, exposure, aperture, ISO, focal length, flash, position, ...). Empty for a video or a file without EXIF.",
      errors: [Code.PhotoAccessDeny],
      ...exif.getexif,
    },
    listexif: {
      reads: true,
      versions: [1],
      summary:
        'The values one EXIF field takes among the photos the caller may browse, as `additional=photo_exif` shows them: `{total, tags:[{id, name, type:"exif", tag_type}]}`, `type` one of ' +
        '`camera_make`, `camera_model`, `lens`, `exposure`, `aperature` (or `aperture`), `iso`, `focal_length`, `flash` (the `_v2` names alike) and `rating`. Ids: `rating_<n>`, else `<type>_<hex of the value>`.',
      ...exif.listexif,
    },
    // Drafts in the public API description, with no known parameters or answer: nothing to be
    // compatible with yet.
    listfeatureditem: notHere('"Featured" items of an album, smart album or tag; what Photo Station chose is not known.'),
    listgpsgroup: notHere('Items grouped by position for a map; its parameters and answer are not known.'),
    listgpsgroupeditem: notHere('The items of one group of listgpsgroup; its parameters and answer are not known.'),
    edit: {
      versions: [1],
      summary: 'Sets title, description, rating (clamped to 0..5) and position (`gps_lat` with `gps_lng`; both empty removes it).',
      ...browse.edit,
    },
    delete: {
      versions: [1],
      summary:
        "Deletes items (to the trash). Needs manage on each item's album. An item already gone from an album that exists is no refusal (unit status 404), as in Photo Station: Lightroom deletes each video before uploading it.",
      ...operations.remove,
    },
    copy: {
      versions: [1],
      summary: 'Copies (`mode=copy`) or moves (`mode=move`) items into `sharepath`, with `duplicate` `rename`, `ignore` or `overwrite`.',
      ...operations.copy,
    },
    cancel: {
      versions: [1],
      summary: 'Stops the running `copy` (`action=mvcp`) or `delete` whose `id` string is exactly this one.',
      // Missing `action` is 101 here as in Album.cancel (docs/protocol.md §8), not the API's 456.
      badRequest: Code.BadRequest,
      ...operations.cancel,
    },
  },
} satisfies ApiDescriptor;
