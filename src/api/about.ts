import { AboutPage } from '../library/about.ts';
import { route } from '../webapi/route.ts';

/** A hidden page is not shown to visitors; administrators still read it, to edit it. */
export const get = route('guest', { type: 'object', properties: {} }, ({ services, user }) => {
  const page = new AboutPage(services.db);
  const html = page.visibility().hidden && !user?.isAdmin ? '' : page.get();
  return { html, has_content: html.trim() !== '' };
});

export const set = route('admin', { type: 'object', properties: { html: { type: 'string', maxLength: 65536 } }, required: ['html'] }, ({ params, services }) => {
  new AboutPage(services.db).set(params.html);
});

/** What Info.getinfo answers as `disable_aboutme` and `about_me_title`. */
export const setVisibility = route('admin', { type: 'object', properties: { hidden: { type: 'boolean' }, title: { type: 'string', maxLength: 255 } } }, ({ params, services }) => {
  new AboutPage(services.db).setVisibility(params);
});
