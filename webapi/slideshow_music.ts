import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { NO_MEANING, changesNothing, readsNothing } from '../src/api/inert/answers.ts';

export default {
  name: 'SYNO.PhotoStation.SlideshowMusic',
  path: 'slideshow_music.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary: `${NO_MEANING} background music for slideshows; none is stored here.`,
  methods: {
    list: readsNothing('Music files for slideshows: `{total, offset, items}`.'),
    add: changesNothing('Adds a music file.'),
    delete: changesNothing('Removes a music file.'),
  },
} satisfies ApiDescriptor;
