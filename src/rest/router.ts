import Router from '@koa/router';
import { DomainError } from '../errors.ts';
import type { Reason } from '../errors.ts';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import type { Context, Middleware } from 'koa';
import bodyParser from 'koa-bodyparser';
import { randomUUID } from 'node:crypto';
import type { Services } from '../services.ts';
import { Code, WebApiError } from '../webapi/codes.ts';
import { formPairs } from '../webapi/form-pairs.ts';
import { addPairs } from '../webapi/params.ts';
import { authenticate } from './caller.ts';
import { RestError } from './declare.ts';
import { MAX_ENTRIES } from './limits.ts';
import type { RestRoute } from './declare.ts';
import { openApiDocument } from './openapi.ts';
import { restRoutes } from './routes.ts';
import { yieldToLoop } from '../runtime/yield.ts';

/**
 * The headers the seed documents (000, 003) show on every answer, minus what describes their
 * own server (P3P, X-Runtime): no caching of answers that carry a fresh token, no sniffing, no
 * framing.
 */
const HEADERS: Record<string, string> = {
  'Cache-Control': 'no-cache, no-store',
  Pragma: 'no-cache',
  Expires: 'Fri, 01 Jan 1990 00:00:00 GMT',
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'X-XSS-Protection': '1; mode=block',
  'X-Download-Options': 'noopen',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'Referrer-Policy': 'origin-when-cross-origin, strict-origin-when-cross-origin',
};

function send(ctx: Context, status: number, body: unknown): void {
  ctx.status = status;
  ctx.body = body === undefined ? '' : body;
  if (body !== undefined) ctx.type = 'application/json; charset=utf-8';
}

/**
 * Bodies: koa-bodyparser reads them (content types, size limits, charset, JSON). A form it hands
 * over as text, and the WebAPI's decoder takes it from there (form-pairs.ts `formPairs`, which
 * yields every few milliseconds, and params.ts `addPairs` for the bracket keys of SPEC §2),
 * instead of co-body's qs. qs would break seeds 000 and 003: its defaults cut silently (1 000
 * keys at most: a 5 000-image `move_operations[...]` form would lose 4 000 of them; 20 elements
 * in a bracket list: `image_ids[]` beyond 20 turns into an object), and even with its limits
 * raised it parses in one synchronous call: 5 000 keys held the event loop 640-850 ms (measured
 * 2026-11-29 under load 25, where the decoding here took 290-300 ms, in slices that yield).
 */
function bodyParserFor(services: Services): Middleware {
  return bodyParser({
    enableTypes: ['json', 'text'],
    extendTypes: { text: ['application/x-www-form-urlencoded'] },
    jsonLimit: `${services.config.bodyLimit}b`,
    textLimit: `${services.config.bodyLimit}b`,
    strict: true,
  });
}

const PAIRS_PER_TURN = 5000;

/** A form body's fields, bracket keys decoded; 400 past the routes' limit (never a truncated move). */
async function formFields(text: string): Promise<Record<string, unknown>> {
  const pairs = await formPairs(text);
  if (pairs.length > MAX_ENTRIES + 16) throw new RestError(400, `Expected at most ${MAX_ENTRIES} form fields`);
  // A null prototype: a key like `__proto__[x]` is a plain key here, never Object.prototype.
  const into = Object.create(null) as Record<string, unknown>;
  for (let i = 0; i < pairs.length; i += PAIRS_PER_TURN) {
    if (i > 0) await yieldToLoop();
    addPairs(into, pairs.slice(i, i + PAIRS_PER_TURN));
  }
  return into;
}

function failBody(route: RestRoute, status: number, message: string): unknown {
  return route.fail ? route.fail(status, message) : { error: { status, message } };
}

function handle(route: RestRoute, services: Services, validate: ValidateFunction | undefined, parse: Middleware): Middleware {
  return async (ctx) => {
    const started = performance.now();
    ctx.set(HEADERS);
    ctx.set('X-Request-Id', randomUUID());
    try {
      const caller = await authenticate(ctx, services);
      if (route.body) {
        try {
          await parse(ctx, async () => {});
        } catch (err) {
          const status = (err as { status?: number }).status === 413 ? 413 : 400;
          throw new RestError(status, status === 413 ? 'The body is over the size limit' : `The body could not be read: ${(err as Error).message.slice(0, 120)}`);
        }
        const request = ctx.request as { body?: unknown };
        if (typeof request.body === 'string') {
          if (!ctx.request.is('urlencoded')) throw new RestError(400, 'Expected a JSON or form body');
          request.body = await formFields(request.body);
        }
        const body = request.body;
        if (route.body.required !== false && (body === undefined || (typeof body === 'object' && body !== null && Object.keys(body).length === 0 && !Array.isArray(body)))) {
          throw new RestError(400, 'A body is required');
        }
        if (validate && !validate(body)) {
          const e = validate.errors?.[0];
          throw new RestError(400, `Bad body: ${e ? `${e.instancePath || '(root)'} ${e.message ?? ''}` : 'invalid'}`);
        }
      }
      const reply = await route.handler({ services, caller, params: ctx.params as Record<string, string>, query: ctx.query, body: (ctx.request as { body?: unknown }).body, ctx });
      if (caller.renewed) ctx.set('X-token', await caller.renewed());
      send(ctx, reply.status, reply.body);
    } catch (err) {
      if (err instanceof RestError) send(ctx, err.status, err.body ?? failBody(route, err.status, err.message));
      else if (err instanceof DomainError) {
        const status = STATUS_OF[err.reason] ?? 400;
        send(ctx, status, failBody(route, status, err.message));
      } else if (err instanceof WebApiError) {
        // The Batch planners' refusals: a full task queue is the server's state, anything else the request's fault.
        const status = err.code === Code.BatchQueueFull ? 503 : 400;
        send(ctx, status, failBody(route, status, err.message));
      } else {
        services.config.log({ level: 'error', msg: 'unexpected exception', route: route.id, stack: err instanceof Error ? err.stack : String(err) });
        send(ctx, 500, failBody(route, 500, 'Internal error'));
      }
    }
    ctx.set('X-Runtime', ((performance.now() - started) / 1000).toFixed(6));
  };
}

/**
 * The domain's refusals as HTTP statuses: a full task queue is the server's state (503), a
 * failure it could not avoid 500, missing rights 403, anything else the request's fault (400).
 */
const STATUS_OF: Partial<Record<Reason, number>> = {
  'queue-full': 503,
  failed: 500,
  'no-access': 403,
  'no-upload': 403,
  'no-manage': 403,
  'not-admin': 403,
  unsafe: 403,
};

/** `{name}` (OpenAPI) to `:name` (@koa/router). */
function koaPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/**
 * The REST routes of SPEC §17 on @koa/router, from their declarations (routes.ts), and
 * /api/openapi.json generated from the same declarations. The WebAPI keeps its own dispatcher
 * (one path, dispatch by parameters); these routes have path parameters and JSON bodies, which
 * is what the router and koa-bodyparser are for.
 */
export function restApi(services: Services): Middleware {
  const router = new Router();
  const ajv = new Ajv({ allErrors: false, strict: true, coerceTypes: false });
  const parse = bodyParserFor(services);
  const routes = restRoutes();
  for (const route of routes) {
    const validate = route.body ? ajv.compile(route.body.schema) : undefined;
    router[route.method](koaPath(route.path), handle(route, services, validate, parse));
  }
  const doc = JSON.stringify(openApiDocument(routes));
  router.get('/api/openapi.json', (ctx) => {
    ctx.set(HEADERS);
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = doc;
  });
  return router.routes() as Middleware;
}
