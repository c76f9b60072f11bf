import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { limit, nonEmptyIdList, offset } from '../src/webapi/schema.ts';

const condition = {
  type: { type: 'array', items: { type: 'string', enum: ['photo', 'video'] }, minItems: 1, maxItems: 2 },
  tag: { type: 'array', items: { type: 'string', pattern: '^(tag_)?[0-9]{1,15}$' }, maxItems: 1000 },
  tag_policy: { type: 'string', enum: ['or', 'and'] },
  date_from: { type: 'string', maxLength: 10 },
  date_to: { type: 'string', maxLength: 10 },
  rating: { type: 'integer', minimum: 0, maximum: 5 },
} as const;
const name = { type: 'string', minLength: 1, maxLength: 255 } as const;
const smartId = { type: 'string', minLength: 1, maxLength: 1100 } as const;

export default {
  name: 'SYNO.PhotoStation.SmartAlbum',
  path: 'smart_album.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  handlers: 'smart-album',
  summary:
    "Smart albums: saved conditions over the library's items (SPEC §15): `type` (photo, video), `tag` (tag ids, any with `tag_policy=or`, " +
    'all with `and`), taken date `date_from`/`date_to` (`Y-m-d`, both included) and a minimum `rating`. Their items come from `Photo.list filter_smart`, ' +
    'which shows only what the caller may browse. A smart album `{id:"smart_<hex of name>", type:"smart_album", name, condition:{type, tag, tag_policy, date_from, date_to, rating}}`. ' +
    'Changes are for administrators (105).',
  methods: {
    list: {
      reads: true,
      versions: [1],
      auth: 'guest',
      summary: 'Every smart album by name, paged: `{total, offset, smart_albums}`.',
      params: { type: 'object', properties: { offset: { ...offset, default: 0 }, limit: { ...limit, default: -1 } } },
    },
    getinfo: {
      reads: true,
      versions: [1],
      auth: 'guest',
      summary: 'The smart albums named by `id`: `{smart_albums}`; 101 for an unknown one.',
      params: { type: 'object', properties: { id: nonEmptyIdList }, required: ['id'] },
    },
    create: {
      versions: [1],
      auth: 'admin',
      summary: 'Creates a smart album: `{id}`. 101 for a name in use or a bad date.',
      params: { type: 'object', properties: { name, ...condition }, required: ['name'] },
    },
    edit: {
      versions: [1],
      auth: 'admin',
      summary: 'Changes the name (which changes the id, answered as `{id}`) and the given parts of the condition.',
      params: { type: 'object', properties: { id: smartId, name, ...condition }, required: ['id'] },
    },
    delete: {
      versions: [1],
      auth: 'admin',
      summary: 'Deletes the smart albums named by `id` (their items stay where they are).',
      params: { type: 'object', properties: { id: nonEmptyIdList }, required: ['id'] },
    },
  },
} satisfies ApiDescriptor;
