import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as download from '../src/api/download.ts';

const errors = [Code.DownloadBadParams, Code.DownloadAccessDeny];

export default {
  name: 'SYNO.PhotoStation.Download',
  path: 'download.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.DownloadBadParams,
  // Players need an extension in the URL: `download.php/1.mp4?...` (SPEC §14).
  suffixPath: true,
  summary: 'Original files and ZIP archives, streamed (SPEC §14).',
  methods: {
    getphoto: {
      versions: [1],
      reads: true,
      share: true,
      binary: true,
      summary:
        'The original bytes of an item, with `Content-Type` from its extension, `ETag`, `Last-Modified`, one `Range` (206; 416 past the end; several ranges answer the whole file), ' +
        '`If-None-Match` / `If-Modified-Since` (304), `If-Range`. `download=true` sends it as an attachment, else inline. `password` opens a password album. ' +
        "506 bad id or the file is gone, 507 no browse right. With `public_share_id` (and the share's `password`), a visitor gets the share's items (SPEC §18).",
      ...download.getphoto,
      errors,
    },
    getvideo: {
      versions: [1],
      reads: true,
      share: true,
      binary: true,
      summary: 'As `getphoto`, for videos. `quality_id` names an entry of `additional.video_quality`; only `original` exists, and any other value serves the original.',
      ...download.getvideo,
      errors,
    },
    getitem: {
      versions: [1],
      reads: true,
      binary: true,
      summary:
        '(ext) One ZIP archive (`application/zip`, attachment) of the items and albums in `id`, streamed as it is built: albums as folders with their sub-albums, files stored ' +
        'without recompression, ZIP64 past 4 GiB. An empty `id` is the root album. Albums and items below a selected album that the caller may not browse are left out; a selected one answers 507.',
      ...download.getitem,
      errors,
    },
  },
} satisfies ApiDescriptor;
