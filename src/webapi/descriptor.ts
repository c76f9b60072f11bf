import type { ErrorCode } from '../codes.ts';

/**
 * Who may call a method:
 * - `none`: no session is looked at (discovery, login);
 * - `guest`: a session is optional, but one that is presented must be live (else 106);
 * - `user`: a live session is required (105 without one, 106 for a dead one);
 * - `admin`: as `user`, and the user must be an administrator (else 105).
 */
export type AuthLevel = 'none' | 'guest' | 'user' | 'admin';

/**
 * A parameter schema is plain JSON Schema over an object whose properties are the method's
 * parameters. The dispatcher decodes each raw value by the property's declared `type` before ajv
 * validates it, so `integer`, `boolean`, `array` and `object` properties accept the wire forms of
 * docs/protocol.md §1 (comma lists, bracket keys, JSON text, `yes`/`on`, ...).
 */
export interface ParamSchema {
  type: 'object';
  properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  required?: readonly string[];
  additionalProperties?: boolean;
}

/**
 * A handler as the descriptors and the table hold it. Its real parameter type is its method's
 * (src/webapi/route.ts types it from the schema); the table does not need it.
 */
export type Handler = (call: never) => unknown;

export interface MethodDescriptor {
  /** API versions in which the method exists. */
  versions: number[];
  auth: AuthLevel;
  params: ParamSchema;
  /** Code for a parameter that fails validation; defaults to the API's. */
  badRequest?: ErrorCode;
  /** One line for the generated reference. */
  summary: string;
  /** Codes the method answers besides the general ones (bad request, 105, 106), for the reference. */
  errors?: ErrorCode[];
  /**
   * Answers bytes on success (a BinaryAnswer: a file, a thumbnail, an archive), an envelope on
   * failure. The fuzzer accepts a non-JSON answer only from these.
   */
  binary?: boolean;
  /** Takes a multipart file part (streamed to a temporary file before the handler runs). */
  upload?: boolean;
  /**
   * The method only reads: it changes nothing on disk, in the index or in the caller's session.
   * Left out, a method counts as changing, so a new method is guarded by default: a changing call
   * that a browser marks as coming from another site, authenticated only by the session cookie,
   * is refused (SPEC §19, src/webapi/cross-site.ts).
   */
  reads?: true;
  /**
   * The method serves a public share's visitors (SPEC §18): a call that carries `public_share_id`
   * (or Photo Station's `filter_public_share`) is the visitor's, whatever session it also carries,
   * and dispatch lets it in only through an open share with its password (src/webapi/share-auth.ts).
   * Only `guest` methods may say so; what the visitor then sees is src/library/shares.ts's rule.
   */
  share?: true;
  /** The method's handler, declared with `route()` in src/api/ and imported by the descriptor. */
  handler: Handler;
}

export interface ApiDescriptor {
  name: string;
  /** Legacy path under /photo/webapi/, as SYNO.API.Info reports it. */
  path: string;
  minVersion: number;
  maxVersion: number;
  /** Code for a parameter that fails validation, unless a method says otherwise. */
  badRequest: ErrorCode;
  /**
   * The legacy path also answers with any suffix (`download.php/1.mp4`), for players that need
   * an extension in the URL (SPEC §14).
   */
  suffixPath?: boolean;
  summary: string;
  methods: Record<string, MethodDescriptor>;
}
