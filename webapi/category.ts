import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as category from '../src/api/category.ts';

export default {
  name: 'SYNO.PhotoStation.Category',
  path: 'category.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary:
    'Categories: named, ordered groups of albums and smart albums on the home page (SPEC §15). A category `{id:"category_<n>", name, hidden}`; ' +
    'hidden ones are shown to administrators only. Changes are for administrators (105). 101 for an unknown category, album or smart album.',
  methods: {
    list: {
      reads: true,
      versions: [1],
      summary: 'The categories in their order, paged: `{total, offset, categories}`.',
      ...category.list,
    },
    getinfo: {
      reads: true,
      versions: [1],
      summary: 'The categories named by `id`: `{categories}`.',
      ...category.getinfo,
    },
    create: {
      versions: [1],
      summary: 'Adds a category at the end: `{id}`.',
      ...category.create,
    },
    edit: {
      versions: [1],
      summary: 'Renames a category or hides it.',
      ...category.edit,
    },
    delete: {
      versions: [1],
      summary: 'Deletes categories (their albums stay where they are).',
      ...category.remove,
    },
    arrangecategory: {
      versions: [1],
      summary: 'Puts the categories named by `id` first, in that order; the others follow in theirs.',
      ...category.arrangecategory,
    },
    listitem: {
      reads: true,
      versions: [1],
      summary: 'The albums (as Album.list answers them, only those the caller may see) and smart albums of the category `id`, in its order, paged: `{total, offset, items}`.',
      ...category.listitem,
    },
    additem: {
      versions: [1],
      summary: 'Adds the albums and smart albums `item_id` to the category `id`, at the end; one already there stays.',
      ...category.additem,
    },
    removeitem: {
      versions: [1],
      summary: 'Removes the albums and smart albums `item_id` from the category `id`.',
      ...category.removeitem,
    },
    arrangeitem: {
      versions: [1],
      summary: 'Puts the entries `item_id` of the category `id` first, in that order; the others follow in theirs.',
      ...category.arrangeitem,
    },
  },
} satisfies ApiDescriptor;
