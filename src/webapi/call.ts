import type { User } from '../auth/users.ts';
import type { Services, UploadedFile } from '../services.ts';

/** What the access log records of a call; filled in as dispatch learns it. */
export interface CallInfo {
  api?: string;
  method?: string;
  version?: number;
  /** The caller's name: set by dispatch from the session, or by a login once it names one. */
  user?: string;
  /** The validated parameters, once known (the administrator's log picks a few, feed/photo-log.ts). */
  params?: Readonly<Record<string, unknown>>;
  /** The space the URL names (`/~<user>/photo/webapi/...`, SPEC §18); undefined on the shared paths. */
  space?: string;
}

/**
 * One WebAPI call as a handler sees it: validated parameters, who is calling, and the few things
 * of the HTTP exchange a handler may need. No Koa context: what a handler does to the response
 * is limited to these (a bytes answer gets the context in BinaryAnswer.write). `U` is `User` for
 * methods declared `auth: 'user' | 'admin'`, where dispatch has already refused anyone else.
 */
export interface Call<P = Record<string, unknown>, U extends User | null = User | null> {
  readonly params: P;
  /** The parameters as they came, for the rare method that needs the wire form (cancel keys). */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly user: U;
  /** The session id presented by the client: there whenever `user` is. */
  readonly sid: U extends User ? string : string | null;
  readonly services: Services;
  /** The multipart file part, already streamed to a temporary file (`upload: true` methods). */
  readonly file: UploadedFile | undefined;
  /** The client's address, as Koa resolves it (login throttling). */
  readonly ip: string;
  /** The request came over HTTPS (the session cookie is then `Secure`). */
  readonly secure: boolean;
  /** What the access log says of this call; a login sets `info.user`. */
  readonly info: CallInfo;
  /** Adds a `Set-Cookie` header to the answer. */
  setCookie(cookie: string): void;
  /** A signal aborted when the client hangs up, for answers that wait (long polls). */
  hangup(): AbortSignal;
}
