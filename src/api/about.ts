import { AboutPage } from '../library/about.ts';
import type { Call, Handlers } from '../services.ts';

function get({ services }: Call) {
  const html = new AboutPage(services.db).get();
  return { html, has_content: html.trim() !== '' };
}

function set({ params, services }: Call<{ html: string }>) {
  new AboutPage(services.db).set(params.html);
}

export const handlers = { get, set } satisfies Handlers;
