import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as paths from '../src/api/path.ts';

export default {
  name: 'SYNO.PhotoStation.Path',
  path: 'path.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary: 'Album and item ids to paths under the photo root and back, as the web gallery checks them (SPEC §15). Only for what the caller may browse.',
  methods: {
    getpath: {
      reads: true,
      versions: [1],
      summary: 'The path of the album or item `id`: `{path}` (`` for the root). 101 for an id naming nothing; 417 without browse.',
      errors: [Code.AlbumNoAccessRight, Code.AlbumPasswordError],
      ...paths.getpath,
    },
    checkpath: {
      reads: true,
      versions: [1],
      summary:
        'The id of the album or item at `path` (relative to the photo root, `/`-separated): `{id}`. 101 when nothing the caller may browse is there ' +
        '(whether it exists is not told).',
      ...paths.checkpath,
    },
  },
} satisfies ApiDescriptor;
