import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { changesNothing, readsNothing } from '../src/webapi/inert.ts';

export default {
  name: 'SYNO.PhotoStation.AdvancedShare',
  path: 'advanced_share.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  handlers: 'inert/advanced_share',
  summary: 'Stub until sharing is built (SPEC §18, a later issue): share links with their own rights. Declared now so that clients find it; lists are empty, changes answer 105.',
  methods: {
    list: readsNothing('Advanced shares: `{total, offset, items}`.'),
    getinfo: { ...readsNothing('Advanced shares by `id`: `{items}`.'), summary: 'Advanced shares by `id`: always `{items:[]}`.' },
    edit: changesNothing('Changes an advanced share.'),
    delete: changesNothing('Deletes advanced shares.'),
  },
} satisfies ApiDescriptor;
