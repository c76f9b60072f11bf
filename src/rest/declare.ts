import type { Context } from 'koa';
import type { Services } from '../services.ts';
import type { Caller } from './caller.ts';
export { RestError } from './rest-error.ts';

/** A JSON Schema (2020-12, as OpenAPI 3.1 takes it) written as a literal in the route files. */
export type Schema = Record<string, unknown>;

export interface RestAnswer {
  description: string;
  schema?: Schema;
}

/**
 * One REST route (SPEC §17), declared once: the router runs it from this declaration (path,
 * method, body validation) and /api/openapi.json describes it from the same object, so the two
 * cannot drift apart.
 */
export interface RestRoute {
  /** Operation id in the OpenAPI document. */
  id: string;
  method: 'get' | 'post' | 'delete';
  /** OpenAPI path with `{name}` parameters; @koa/router gets `:name`. */
  path: string;
  summary: string;
  description?: string;
  /** Which seed document the route answers (for the reference). */
  seed: string;
  /** Path parameters, by name. */
  params?: Record<string, { description: string; schema: Schema }>;
  /** Query parameters other than the token carriers (those are common to every route). */
  query?: Record<string, { description: string; schema: Schema }>;
  /** The body, validated before the handler runs (400 otherwise); content types it may come in. */
  body?: { schema: Schema; types: ('application/json' | 'application/x-www-form-urlencoded')[]; description?: string; required?: boolean };
  /** Answers by HTTP status. 401 and the common errors are added by the router. */
  answers: Record<number, RestAnswer>;
  /** The body of a refusal (400, 401, 403, 404, 500) in the route's own shape; default `{error:{status, message}}`. */
  fail?: (status: number, message: string) => unknown;
  /** The schema of `fail`'s bodies, for the OpenAPI document; default errorSchema. */
  failSchema?: Schema;
  handler: (req: RestRequest) => Promise<RestReply>;
}

export interface RestRequest {
  services: Services;
  caller: Caller;
  params: Record<string, string>;
  query: Record<string, string | string[] | undefined>;
  body: unknown;
  ctx: Context;
}

export interface RestReply {
  status: number;
  body: unknown;
}

/** The error body every route answers when the seed document shows none of its own. */
export const errorSchema: Schema = {
  type: 'object',
  properties: { error: { type: 'object', properties: { status: { type: 'integer' }, message: { type: 'string' } }, required: ['status', 'message'] } },
  required: ['error'],
};
