import { AboutPage } from '../library/about.ts';
import { route } from '../webapi/route.ts';

export const get = route('guest', { type: 'object', properties: {} }, ({ services }) => {
  const html = new AboutPage(services.db).get();
  return { html, has_content: html.trim() !== '' };
});

export const set = route('admin', { type: 'object', properties: { html: { type: 'string', maxLength: 65536 } }, required: ['html'] }, ({ params, services }) => {
  new AboutPage(services.db).set(params.html);
});
