import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { NO_MEANING, changesNothing, readsNothing } from '../src/api/inert/answers.ts';

export default {
  name: 'SYNO.PhotoStation.DsmShare',
  path: 'dsm_share.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary: `${NO_MEANING} DSM shared folders shown in Photo Station; this server has no DSM. Listed because clients look every API up.`,
  methods: {
    list: readsNothing('DSM shared folders.'),
    copy: changesNothing('Copies files from a DSM shared folder into an album.'),
    copymusic: changesNothing('Copies music files from a DSM shared folder for slideshows.'),
  },
} satisfies ApiDescriptor;
