import type { Call, Handlers } from '../services.ts';

interface ApiInfo {
  path: string;
  minVersion: number;
  maxVersion: number;
}

/** Answers from the descriptors: the registry is the only list of APIs. */
function query({ params, services }: Call<{ query: string }>): Record<string, ApiInfo> {
  const wanted = params.query.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const all = wanted.includes('all');
  const out: Record<string, ApiInfo> = {};
  for (const api of services.registry.descriptors()) {
    const match = all || wanted.some((w) => (w.endsWith('.') ? api.name.startsWith(w) : api.name === w));
    if (match) out[api.name] = { path: api.path, minVersion: api.minVersion, maxVersion: api.maxVersion };
  }
  return out;
}

export const handlers = { query } satisfies Handlers;
