import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as thumb from '../src/api/thumb.ts';

export default {
  name: 'SYNO.PhotoStation.Thumb',
  path: 'thumb.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.ThumbBadParams,
  // `thumb.php/x.jpg?...`: viewers that want an extension in the URL.
  suffixPath: true,
  summary: 'Thumbnails of photos and videos, and the covers of albums and smart albums (SPEC §14).',
  methods: {
    get: {
      reads: true,
      share: true,
      versions: [1],
      binary: true,
      summary:
        "The JPEG thumbnail of a photo, a video, an album or a smart album (`smart_...`: its cover, see Cover.setsmart; answered with `Cache-Control: no-cache`, as its URL has no `sig`), shorter side `preview` 160, `small` 320 or `large` 1280 pixels, never enlarged, upright. With `public_share_id` (and the share's `password`), a visitor without a session gets the thumbnails of the share's items (SPEC §18). Answers the image bytes (ETag, Last-Modified; 304 when the client's copy is current), not an envelope.",
      errors: [Code.ThumbBadParams, Code.ThumbAccessDeny, Code.ThumbNoCover, Code.ThumbFileNotExists],
      ...thumb.get,
    },
  },
} satisfies ApiDescriptor;
