/**
 * `npm run docs:api`: writes docs/api.md from the descriptors in `webapi/` and the code table in
 * src/codes.ts. A test regenerates it in memory and compares, so the reference cannot
 * drift from the code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Code } from '../src/codes.ts';
import type { ApiDescriptor, AuthLevel, MethodDescriptor } from '../src/webapi/descriptor.ts';
import { loadRegistry } from '../src/webapi/registry.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const apiDocsPath = path.join(root, 'docs/api.md');

const AUTH: Record<AuthLevel, string> = {
  none: 'none: no session is looked at',
  guest: 'guest: a session is optional, but a presented one must be live',
  user: 'user: a live session is required',
  admin: 'admin: a live session of an administrator is required',
};

/**
 * The wire names (`WEBAPI_ERR_UNKNOWN`, ...) live beside the numbers, as comments in codes.ts;
 * a trailing `(ext)` marks this server's extensions.
 */
function codeNames(): { names: Map<number, string>; ext: Set<number> } {
  const source = readFileSync(path.join(root, 'src/codes.ts'), 'utf8');
  const names = new Map<number, string>();
  const ext = new Set<number>();
  for (const [key, code] of Object.entries(Code)) {
    const m = new RegExp(`^\\s*${key}: ${code}, // (\\S+)(.*)$`, 'm').exec(source);
    names.set(code, m?.[1] ?? key);
    if (m?.[2]?.includes('(ext)')) ext.add(code);
  }
  return { names, ext };
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

function typeOf(prop: Record<string, unknown>): string {
  const items = prop.items as Record<string, unknown> | undefined;
  switch (prop.type) {
    case 'array':
      return `list of ${items?.type ?? 'JSON values'}`;
    case 'object':
      return 'map';
    case undefined:
      return 'JSON';
    default:
      return String(prop.type);
  }
}

function notes(prop: Record<string, unknown>): string {
  const out: string[] = [];
  if (Array.isArray(prop.enum)) out.push(`one of ${prop.enum.map((v) => `\`${String(v)}\``).join(', ')}`);
  if (prop.minimum !== undefined) out.push(`>= ${String(prop.minimum)}`);
  if (prop.maximum !== undefined) out.push(`<= ${String(prop.maximum)}`);
  if (prop.minLength !== undefined) out.push(`at least ${String(prop.minLength)} characters`);
  if (prop.maxLength !== undefined) out.push(`at most ${String(prop.maxLength)} characters`);
  if (typeof prop.description === 'string') out.push(prop.description);
  return out.join('; ');
}

function errorCodes(api: ApiDescriptor, method: MethodDescriptor): number[] {
  const codes = new Set<number>([Code.BadRequest, method.badRequest ?? api.badRequest]);
  // 105 also refuses a changing call from another site (SPEC §19).
  if (method.auth === 'user' || method.auth === 'admin' || !method.reads) codes.add(Code.NoPermission);
  if (method.auth !== 'none') codes.add(Code.SessionTimeout);
  for (const c of method.errors ?? []) codes.add(c);
  // A share's visitor is refused by dispatch: a closed or unknown share, its password, the throttle.
  if (method.share) for (const c of [Code.NoPermission, Code.AlbumPasswordError, Code.AuthLoginMaxTries]) codes.add(c);
  return [...codes].sort((a, b) => a - b);
}

/** What SPEC §19 does with a call of this method from another site (src/webapi/cross-site.ts). */
function crossSite(method: MethodDescriptor): string {
  if (method.reads) return 'Reads: open to calls from other sites';
  if (method.auth === 'none') return 'Changes: refused (105) from another site, as it checks no session that could vouch for it';
  return 'Changes: refused (105) from another site unless the session is in a parameter or header, not the cookie';
}

function renderMethod(api: ApiDescriptor, name: string, method: MethodDescriptor, names: Map<number, string>): string[] {
  const lines = [`### ${name}`, '', method.summary, '', `- Versions: ${method.versions.join(', ')}`, `- Session: ${AUTH[method.auth]}`];
  lines.push(`- ${crossSite(method)}`);
  if (method.upload) lines.push('- Takes a multipart file part');
  if (method.binary) lines.push('- Answers bytes on success (not an envelope); failures are envelopes');
  if (method.share) {
    lines.push(
      "- Serves a public share's visitors without a session (SPEC §18, docs/sharing.md): with `public_share_id` and the share's `password`, exactly the shared items; " +
        'any other id is answered as one naming nothing; 105 for an unknown or closed share, 416 for a missing or wrong password, 410 after too many',
    );
  }
  lines.push(
    `- Error codes: ${errorCodes(api, method)
      .map((c) => `${c} \`${names.get(c) ?? ''}\``)
      .join(', ')}`,
    '',
  );
  const props = Object.entries(method.params.properties);
  if (props.length === 0) {
    lines.push('No parameters.', '');
    return lines;
  }
  const required = new Set(method.params.required ?? []);
  lines.push('| parameter | type | required | default | notes |', '|---|---|---|---|---|');
  for (const [param, prop] of props) {
    const def = prop.default === undefined ? '' : `\`${JSON.stringify(prop.default)}\``;
    lines.push(`| \`${param}\` | ${typeOf(prop)} | ${required.has(param) ? 'yes' : 'no'} | ${def} | ${cell(notes(prop))} |`);
  }
  lines.push('');
  return lines;
}

/** The whole reference as Markdown, from the descriptors given (in their order). */
export function renderApiDocs(descriptors: ApiDescriptor[]): string {
  const { names, ext } = codeNames();
  const lines = [
    '# API reference',
    '',
    '<!-- Generated by `npm run docs:api` from webapi/*.ts and src/webapi/codes.ts. Do not edit by hand. -->',
    '',
    'Every API answers `GET` or `POST` at `/photo/webapi/entry.cgi` (alias `/webapi/entry.cgi`) and at its',
    'legacy path `/photo/webapi/<path>`. Every call names `api`, `method` and `version`. Answers are',
    '`{"success":true,"data":...}` or `{"success":false,"error":{"code":N}}` (see the code table at the end).',
    'Parameter encodings (comma lists, JSON, bracket keys, booleans) are described in SPEC §2.',
    '',
    'Each method either reads or changes. A changing call (`GET` or `POST`) that a browser marks as coming',
    'from another site (`Sec-Fetch-Site: cross-site` or `same-site`, or without it a foreign or `null` `Origin`)',
    'is refused with 105 unless its session is in a parameter or header (`_sid`, `sid`, `SynoToken`,',
    '`X-SYNO-TOKEN`, `PHPSESSID`) rather than the cookie; see docs/reliability.md, "The browser".',
    '',
    '| API | path | versions | summary |',
    '|---|---|---|---|',
    ...descriptors.map((d) => `| [${d.name}](#${d.name.toLowerCase().replace(/\./g, '')}) | \`${d.path}\` | ${d.minVersion}–${d.maxVersion} | ${cell(d.summary)} |`),
    '',
  ];
  for (const api of descriptors) {
    const suffix = api.suffixPath ? ` (also with any suffix: \`/photo/webapi/${api.path}/<anything>\`)` : '';
    lines.push(`## ${api.name}`, '', api.summary, '', `Path \`/photo/webapi/${api.path}\`${suffix}, versions ${api.minVersion} to ${api.maxVersion}.`, '');
    for (const [name, method] of Object.entries(api.methods)) lines.push(...renderMethod(api, name, method, names));
  }
  lines.push('## Error codes', '', '| code | name |', '|---:|---|');
  for (const code of Object.values(Code)) lines.push(`| ${code} | \`${names.get(code) ?? ''}\`${ext.has(code) ? ' (ext)' : ''} |`);
  lines.push('');
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const registry = await loadRegistry();
  writeFileSync(apiDocsPath, renderApiDocs(registry.descriptors()));
  process.stdout.write(`Wrote ${path.relative(process.cwd(), apiDocsPath)}\n`);
}
