import type { RestRoute, Schema } from './declare.ts';
import { errorSchema } from './declare.ts';

/** Failures every route may answer besides its own, and what they mean. */
const COMMON_FAILURES: Record<number, string> = {
  400: 'Bad request: a missing or malformed body or parameter. Nothing was changed.',
  401: 'No valid token (missing, expired, revoked, bad signature) and no valid session.',
  403: "Outside the token's abilities.",
  404: "No such library, space or task. A user name as space is that user's personal library (SPEC §18); one switched off, or of no user, is 404.",
  500: 'An unexpected failure (logged on the server).',
};

const tokenCarriers = [
  {
    name: 'access_token',
    in: 'query',
    required: false,
    description: 'An app token (seed 004). Alternatives: `Authorization: Token token="<t>"` (seeds 000/003), `Authorization: Bearer <t>` (seed 002).',
    schema: { type: 'string' },
  },
];

function operation(route: RestRoute) {
  const parameters = [
    ...Object.entries(route.params ?? {}).map(([name, p]) => ({ name, in: 'path', required: true, description: p.description, schema: p.schema })),
    ...Object.entries(route.query ?? {}).map(([name, p]) => ({ name, in: 'query', required: false, description: p.description, schema: p.schema })),
    ...tokenCarriers,
  ];
  const json = (schema: Schema | undefined) => (schema ? { content: { 'application/json': { schema } } } : {});
  const xToken = { 'X-token': { description: 'A renewed token (same claims, later `exp`) on every token-authenticated answer.', schema: { type: 'string' } } };
  const responses: Record<string, unknown> = {};
  for (const [status, a] of Object.entries(route.answers)) responses[status] = { description: a.description, headers: xToken, ...json(a.schema) };
  for (const [status, description] of Object.entries(COMMON_FAILURES)) {
    responses[status] ??= { description, ...json(route.failSchema ?? errorSchema) };
  }
  return {
    operationId: route.id,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [`seed ${route.seed}`],
    parameters,
    ...(route.body
      ? {
          requestBody: {
            required: route.body.required !== false,
            ...(route.body.description ? { description: route.body.description } : {}),
            content: Object.fromEntries(route.body.types.map((t) => [t, { schema: route.body?.schema }])),
          },
        }
      : {}),
    responses,
  };
}

/**
 * The OpenAPI 3.1 document of the REST routes (SPEC §17), built from the same declarations the
 * router runs (routes.ts): served at /api/openapi.json, rendered to docs/rest.md.
 */
export function openApiDocument(routes: readonly RestRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method] = operation(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Photo Station server: the seed routes',
      version: '1',
      description:
        'REST routes answering the wire formats of the seed documents 000, 002, 003 and 004 (SPEC §17), on the same engine as SYNO.PhotoStation.Batch. ' +
        'Ids are Photo Station ids (SPEC §4) or stable uids (`info.uid`). Authentication: an app token in any of its three carriers, or a WebAPI session.',
    },
    components: {
      securitySchemes: {
        tokenHeader: { type: 'apiKey', in: 'header', name: 'Authorization', description: '`Token token="<JWT>"` (seeds 000, 003).' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An app token (seed 002).' },
        accessToken: { type: 'apiKey', in: 'query', name: 'access_token', description: 'An app token (seed 004).' },
        session: { type: 'apiKey', in: 'query', name: '_sid', description: 'A WebAPI session id (also the `PHPSESSID` cookie, refused cross-site).' },
      },
    },
    security: [{ tokenHeader: [] }, { bearer: [] }, { accessToken: [] }, { session: [] }],
    paths,
  };
}
