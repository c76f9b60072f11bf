import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor, MethodDescriptor } from '../src/webapi/descriptor.ts';
import { text } from '../src/webapi/schema.ts';

const upload = (what: string): MethodDescriptor => ({
  versions: [1],
  auth: 'user',
  upload: true,
  summary:
    `Stores the multipart file part \`original\` (${what}) in the album at \`dest_folder_path\` (a path, empty = the root) and indexes it: \`{id}\` (ext). ` +
    '`duplicate` (default `rename`, so an upload never loses data or is silently dropped): `rename` takes `name (1).ext`, `ignore` keeps the existing file and answers its id, ' +
    '`overwrite` replaces it (which takes the manage right as well) and keeps the replaced bytes aside. `mtime` in seconds, or milliseconds when over 10^11. ' +
    '516 bad path or name, 517 no upload right, 518 wrong extension, 519 no such folder, 520 over the upload limit, 521 no file part, 522 not writable.',
  params: {
    type: 'object',
    properties: {
      dest_folder_path: { type: 'string', maxLength: 8192, default: '' },
      duplicate: { type: 'string', enum: ['ignore', 'rename', 'overwrite'], default: 'rename' },
      filename: { type: 'string', maxLength: 4096 },
      mtime: { type: 'number', minimum: 0, maximum: 1e15 },
      title: text,
      description: text,
    },
  },
});

export default {
  name: 'SYNO.PhotoStation.File',
  path: 'file.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.FileBadParams,
  handlers: 'file',
  summary: 'Uploads: photos and videos into albums (SPEC §8).',
  methods: {
    uploadphoto: upload('a photo or raw file'),
    uploadvideo: upload('a video'),
  },
} satisfies ApiDescriptor;
