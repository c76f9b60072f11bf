import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as info from '../src/api/ps-info.ts';
import { notHere } from '../src/api/inert/answers.ts';

export default {
  name: 'SYNO.PhotoStation.Info',
  path: 'info.php',
  minVersion: 1,
  maxVersion: 2,
  badRequest: Code.BadRequest,
  summary: 'The site: its title, default order, paging, download and comment switches, what clients read first (SPEC §15).',
  methods: {
    getinfo: {
      reads: true,
      versions: [1, 2],
      summary:
        '`{version:"3400", version_string, title, about_me_title, sort_by, sort_direction, paging_item_count, allow_download_album, allow_download_orig, allow_download_video, ' +
        'hide_search, virtual_tag:{desc_tag, geo_tag, people_tag}, default_geo_location:{lat, lng}, use_dsm_account, support_large_file, support_moments, allow_comment, ...}` from the configuration.',
      ...info.getinfo,
    },
    // Photo Station answered the DSM's QuickConnect or DDNS name; this server knows no address
    // of itself beyond the one a client already used, so an empty or guessed answer would only
    // make share links that point nowhere.
    getexternalip: notHere('The external address of the DSM (QuickConnect, DDNS): `{external_host_external_ip}` in Photo Station, version 2 only.', [2]),
  },
} satisfies ApiDescriptor;
