import type { Context } from 'koa';
import type { MethodDescriptor } from './descriptor.ts';
import { Code, WebApiError } from '../codes.ts';
import type { Carrier } from './session.ts';

/** The header values we quote in a log line are the browser's, but a script may send anything. */
const quote = (v: string) => JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}...` : v);

/** `scheme://host[:port]` of this server as the client reached it (X-Forwarded-* when the proxy is trusted: Koa's `app.proxy`). */
function ownOrigin(ctx: Context): string | undefined {
  try {
    return new URL(`${ctx.protocol}://${ctx.host}`).origin;
  } catch {
    return undefined;
  }
}

/**
 * Why the browser says this request comes from another site, or undefined when it does not.
 *
 * After the OWASP Fetch Metadata resource isolation policy (and Go's CrossOriginProtection):
 * `Sec-Fetch-Site`, which a page cannot forge, decides when it is present: `same-origin` and
 * `none` (the user typed the address, a bookmark) are ours; `same-site` (a sibling subdomain,
 * another port of this host) and `cross-site` are not, nor is a value no browser sends.
 * Browsers send it only to trustworthy origins (HTTPS, localhost); without it, `Origin` decides:
 * present and not this server's own scheme, host and port, or `null` (a sandboxed frame, a
 * redirect across sites), it is foreign. Neither header: not a browser, or a same-origin GET.
 *
 * `Sec-Fetch-Site` wins over `Origin` so that a TLS proxy not declared with
 * PHOTOSTATION_TRUST_PROXY (the browser's `https://` against our `http://`) does not lock the
 * web interface out of every changing call; an honest browser never sends `same-origin` with a
 * foreign `Origin`.
 */
export function foreignBecause(ctx: Context): string | undefined {
  const site = ctx.get('sec-fetch-site').toLowerCase();
  if (site !== '') return site === 'same-origin' || site === 'none' ? undefined : `Sec-Fetch-Site: ${quote(site)}`;
  const origin = ctx.get('origin');
  if (origin === '') return undefined;
  if (origin === 'null') return 'Origin: null';
  let theirs: string;
  try {
    theirs = new URL(origin).origin;
  } catch {
    return `Origin: ${quote(origin)} (unreadable)`;
  }
  const ours = ownOrigin(ctx);
  return theirs === ours ? undefined : `Origin: ${quote(theirs)} is not ${quote(ours ?? '(no Host)')}`;
}

/**
 * SPEC §19: refuses (105) a changing call that a browser marks as coming from another site,
 * unless it carries its session where another site cannot put it (a parameter or a header, not
 * the cookie the browser adds by itself) for a method that checks that session. So a link or a
 * form elsewhere cannot delete an album with the user's cookie; nor log the user out, nor log
 * the browser into the attacker's account (login CSRF: the answer would set our cookie), since
 * `login` and `logout` look at no session that could vouch for them. Runs before the session is
 * looked up, the parameters are read and the handler runs: a refused call changes nothing.
 */
export function refuseCrossSite(ctx: Context, method: MethodDescriptor, carrier: Carrier | undefined): void {
  if (method.reads) return;
  if (carrier !== undefined && carrier !== 'cookie' && method.auth !== 'none') return;
  const because = foreignBecause(ctx);
  if (because === undefined) return;
  const how = carrier === 'cookie' ? 'with the session cookie' : 'without a session another site cannot know';
  throw new WebApiError(Code.NoPermission, `Cross-site changing call refused (${because}), ${how}`);
}
