import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as about from '../src/api/about.ts';

export default {
  name: 'SYNO.PhotoStation.About',
  path: 'about.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary: 'The "about me" page (SPEC §15). Its HTML is stored and answered as given, never rendered or run by the server.',
  methods: {
    get: {
      reads: true,
      versions: [1],
      summary: '`{html, has_content}`; `has_content` is false while the text is empty or blank. A page hidden with `set_visibility` is empty to anyone but an administrator.',
      ...about.get,
    },
    set: {
      versions: [1],
      summary: 'Replaces the page with `html` (up to 65 536 characters; empty clears it). Administrators only (105).',
      ...about.set,
    },
    set_visibility: {
      versions: [1],
      summary:
        'Shows or hides the page (`hidden`) and gives it its own `title` (up to 255 characters; blank goes back to the configured one), answered by Info.getinfo as `disable_aboutme` and `about_me_title`. Either may be left out. Administrators only (105).',
      ...about.setVisibility,
    },
  },
} satisfies ApiDescriptor;
