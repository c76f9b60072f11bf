import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { additional, cancelAction, idString, limit, nonEmptyIdList, offset, sortDirection, text } from '../src/webapi/schema.ts';

export default {
  name: 'SYNO.PhotoStation.Photo',
  path: 'photo.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.PhotoBadParams,
  handlers: 'photo',
  summary: 'Photos and videos: files in albums (SPEC §8, §10).',
  methods: {
    list: {
      versions: [1],
      auth: 'guest',
      summary:
        'Items across the library (or one album), paged, optionally by taken date (`D`, `S,E`, `S,`, `,E`) and by a smart album\'s condition ' +
        '(`filter_smart`, its id; 456 for an unknown one).',
      params: {
        type: 'object',
        properties: {
          limit,
          offset,
          type: { type: 'array', items: { type: 'string', enum: ['photo', 'video'] }, default: ['photo', 'video'] },
          filter_album: idString,
          taken_date: { type: 'string', maxLength: 64 },
          filter_smart: { type: 'string', maxLength: 2048 },
          sort_by: { type: 'string', enum: ['filename', 'takendate', 'createdate', 'preference', 'mtime'] },
          sort_direction: sortDirection,
          additional,
        },
        required: ['limit', 'offset'],
      },
    },
    getinfo: {
      versions: [1],
      auth: 'guest',
      summary: 'The items named by `id`; `data` is a bare array.',
      params: { type: 'object', properties: { id: nonEmptyIdList, additional }, required: ['id'] },
    },
    edit: {
      versions: [1],
      auth: 'user',
      summary: 'Sets title, description, rating (clamped to 0..5) and position (`gps_lat` with `gps_lng`; both empty removes it).',
      params: {
        type: 'object',
        properties: {
          id: nonEmptyIdList,
          title: text,
          description: text,
          rating: { type: 'integer', minimum: 0 },
          gps_lat: { type: 'string', maxLength: 64 },
          gps_lng: { type: 'string', maxLength: 64 },
        },
        required: ['id'],
      },
    },
    delete: {
      versions: [1],
      auth: 'user',
      summary: 'Deletes items (to the trash). Needs manage on each item\'s album.',
      params: { type: 'object', properties: { id: nonEmptyIdList }, required: ['id'] },
    },
    copy: {
      versions: [1],
      auth: 'user',
      summary: 'Copies (`mode=copy`) or moves (`mode=move`) items into `sharepath`, with `duplicate` `rename`, `ignore` or `overwrite`.',
      params: {
        type: 'object',
        properties: {
          id: nonEmptyIdList,
          sharepath: idString,
          mode: { type: 'string', enum: ['copy', 'move'] },
          duplicate: { type: 'string', enum: ['rename', 'ignore', 'overwrite'] },
        },
        required: ['id', 'sharepath', 'mode', 'duplicate'],
      },
    },
    cancel: {
      versions: [1],
      auth: 'user',
      summary: 'Stops the running `copy` (`action=mvcp`) or `delete` whose `id` string is exactly this one.',
      // Missing `action` is 101 here as in Album.cancel (SPEC §10), not the API's 456.
      badRequest: Code.BadRequest,
      params: { type: 'object', properties: { action: cancelAction, id: { type: 'string', maxLength: 10_000_000 } }, required: ['action'] },
    },
  },
} satisfies ApiDescriptor;
