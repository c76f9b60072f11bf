import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import type { User } from '../auth/users.ts';
import type { Call } from './call.ts';
import type { AuthLevel, ParamSchema } from './descriptor.ts';

/** The caller a method's auth level guarantees: dispatch refuses anyone else before the handler. */
export type UserFor<A extends AuthLevel> = A extends 'user' | 'admin' ? User : User | null;

/**
 * The parameters a schema describes. A conditional rather than a `S extends JSONSchema`
 * constraint on `route()`: matching a `const` literal against json-schema-to-ts's whole schema
 * union at the call site is "excessively deep" for tsc.
 */
export type ParamsOf<S> = S extends JSONSchema ? FromSchema<S> : never;

/** The call a method declared with `params` schema `S` and auth level `A` receives. */
export type CallFor<S, A extends AuthLevel> = Call<ParamsOf<S>, UserFor<A>>;

/**
 * A method's auth, parameter schema and handler, the handler typed from the other two. It fits
 * MethodDescriptor's `handler` as it is: any function of one argument does.
 */
export interface Route<S extends ParamSchema, A extends AuthLevel> {
  auth: A;
  params: S;
  handler: (call: CallFor<S, A>) => unknown;
}

/**
 * Declares a method's handler with its auth level and parameter schema, the way fastify's type
 * providers do: the schema is written once, `as const` by inference, and the handler's `params`
 * type is derived from it (json-schema-to-ts), with a non-null `user` for `user`/`admin` methods.
 * The descriptor in webapi/ imports the result and adds versions, summary and codes:
 * `list: { versions: [1], summary: '...', ...trash.list }`.
 */
export function route<const S extends ParamSchema, const A extends AuthLevel>(
  auth: A,
  params: S,
  // NoInfer: S and A come from the first two arguments only; inferring them back through the
  // handler's parameter type makes tsc expand the schema type without end.
  handler: NoInfer<(call: CallFor<S, A>) => unknown>,
): Route<S, A> {
  return { auth, params, handler };
}
