import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor, MethodDescriptor } from '../src/webapi/descriptor.ts';
import * as file from '../src/api/file.ts';

const upload = (what: string): Omit<MethodDescriptor, 'auth' | 'params' | 'handler'> => ({
  versions: [1],
  upload: true,
  summary:
    `Stores the multipart file part \`original\` (${what}) in the album at \`dest_folder_path\` (a path, empty = the root) and indexes it: \`{id}\` (ext). ` +
    '`duplicate` (default `rename`, so an upload never loses data or is silently dropped): `rename` takes `name (1).ext`, `ignore` keeps the existing file and answers its id, ' +
    '`overwrite` replaces it (which takes the manage right as well) and keeps the replaced bytes aside. `mtime` in seconds, or milliseconds when over 10^11. ' +
    '516 bad path or name, 517 no upload right, 518 wrong extension, 519 no such folder, 520 over the upload limit, 521 no file part, 522 not writable.',
});

export default {
  name: 'SYNO.PhotoStation.File',
  path: 'file.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.FileBadParams,
  summary: 'Uploads: photos and videos into albums (SPEC §8).',
  methods: {
    uploadphoto: { ...upload('a photo or raw file'), ...file.uploadphoto },
    uploadvideo: { ...upload('a video'), ...file.uploadvideo },
  },
} satisfies ApiDescriptor;
