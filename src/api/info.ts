import { JsonText } from '../webapi/envelope.ts';
import type { Registry } from '../webapi/registry.ts';
import { route } from '../webapi/route.ts';

interface ApiInfo {
  path: string;
  minVersion: number;
  maxVersion: number;
}

/**
 * `query=all`, what clients ask first and most, serialised once per registry (fixed after start)
 * and sent as those bytes.
 */
const everything = new WeakMap<Registry, JsonText>();

/** Answers from the descriptors: the registry is the only list of APIs. */
export const query = route(
  'none',
  { type: 'object', properties: { query: { type: 'string', default: 'all', maxLength: 65536 } } },
  ({ params, services }): JsonText | Record<string, ApiInfo> => {
    const { registry } = services;
    if (params.query === 'all') {
      let answer = everything.get(registry);
      if (!answer) {
        answer = new JsonText(Buffer.from(JSON.stringify(select(registry, ['all']))));
        everything.set(registry, answer);
      }
      return answer;
    }
    return select(
      registry,
      params.query
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    );
  },
);

function select(registry: Registry, wanted: string[]): Record<string, ApiInfo> {
  const all = wanted.includes('all');
  const out: Record<string, ApiInfo> = {};
  for (const api of registry.descriptors()) {
    const match = all || wanted.some((w) => (w.endsWith('.') ? api.name.startsWith(w) : api.name === w));
    if (match) out[api.name] = { path: api.path, minVersion: api.minVersion, maxVersion: api.maxVersion };
  }
  return out;
}
