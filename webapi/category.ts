import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { additional, limit, nonEmptyIdList, offset } from '../src/webapi/schema.ts';

const categoryId = { type: 'string', minLength: 1, maxLength: 64 } as const;
const name = { type: 'string', minLength: 1, maxLength: 255 } as const;

export default {
  name: 'SYNO.PhotoStation.Category',
  path: 'category.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  handlers: 'category',
  summary:
    'Categories: named, ordered groups of albums and smart albums on the home page (SPEC §15). A category `{id:"category_<n>", name, hidden}`; ' +
    'hidden ones are shown to administrators only. Changes are for administrators (105). 101 for an unknown category, album or smart album.',
  methods: {
    list: {
      reads: true,
      versions: [1],
      auth: 'guest',
      summary: 'The categories in their order, paged: `{total, offset, categories}`.',
      params: { type: 'object', properties: { offset: { ...offset, default: 0 }, limit: { ...limit, default: -1 } } },
    },
    getinfo: {
      reads: true,
      versions: [1],
      auth: 'guest',
      summary: 'The categories named by `id`: `{categories}`.',
      params: { type: 'object', properties: { id: nonEmptyIdList }, required: ['id'] },
    },
    create: {
      versions: [1],
      auth: 'admin',
      summary: 'Adds a category at the end: `{id}`.',
      params: { type: 'object', properties: { name, hidden: { type: 'boolean', default: false } }, required: ['name'] },
    },
    edit: {
      versions: [1],
      auth: 'admin',
      summary: 'Renames a category or hides it.',
      params: { type: 'object', properties: { id: categoryId, name, hidden: { type: 'boolean' } }, required: ['id'] },
    },
    delete: {
      versions: [1],
      auth: 'admin',
      summary: 'Deletes categories (their albums stay where they are).',
      params: { type: 'object', properties: { id: nonEmptyIdList }, required: ['id'] },
    },
    arrangecategory: {
      versions: [1],
      auth: 'admin',
      summary: 'Puts the categories named by `id` first, in that order; the others follow in theirs.',
      params: { type: 'object', properties: { id: nonEmptyIdList }, required: ['id'] },
    },
    listitem: {
      reads: true,
      versions: [1],
      auth: 'guest',
      summary: 'The albums (as Album.list answers them, only those the caller may see) and smart albums of the category `id`, in its order, paged: `{total, offset, items}`.',
      params: { type: 'object', properties: { id: categoryId, offset: { ...offset, default: 0 }, limit: { ...limit, default: -1 }, additional }, required: ['id'] },
    },
    additem: {
      versions: [1],
      auth: 'admin',
      summary: 'Adds the albums and smart albums `item_id` to the category `id`, at the end; one already there stays.',
      params: { type: 'object', properties: { id: categoryId, item_id: nonEmptyIdList }, required: ['id', 'item_id'] },
    },
    removeitem: {
      versions: [1],
      auth: 'admin',
      summary: 'Removes the albums and smart albums `item_id` from the category `id`.',
      params: { type: 'object', properties: { id: categoryId, item_id: nonEmptyIdList }, required: ['id', 'item_id'] },
    },
    arrangeitem: {
      versions: [1],
      auth: 'admin',
      summary: 'Puts the entries `item_id` of the category `id` first, in that order; the others follow in theirs.',
      params: { type: 'object', properties: { id: categoryId, item_id: nonEmptyIdList }, required: ['id', 'item_id'] },
    },
  },
} satisfies ApiDescriptor;
