import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { changesNothing, readsNothing } from '../src/webapi/inert.ts';

export default {
  name: 'SYNO.PhotoStation.SharedAlbum',
  path: 'shared_album.php',
  minVersion: 1,
  maxVersion: 2,
  badRequest: Code.BadRequest,
  handlers: 'inert/shared_album',
  summary: 'Stub until sharing is built (SPEC §18, a later issue): shared albums. Declared now so that clients find it; lists are empty, changes answer 105.',
  methods: {
    list: readsNothing('Shared albums: `{total, offset, items}`.', [1, 2]),
    getinfo: { ...readsNothing('Shared albums by `id`: `{items}`.', [1, 2]), summary: 'Shared albums by `id`: always `{items:[]}`.' },
    create: changesNothing('Creates a shared album.', [1, 2]),
    edit: changesNothing('Changes a shared album.', [1, 2]),
    delete: changesNothing('Deletes shared albums.', [1, 2]),
    additem: changesNothing('Adds items to a shared album.', [1, 2]),
    removeitem: changesNothing('Removes items from a shared album.', [1, 2]),
  },
} satisfies ApiDescriptor;
