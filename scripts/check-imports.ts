/**
 * The import graph's two rules (issue #14), checked in `npm test`:
 * - no import cycles, of runtime imports or of `import type` alike: a type-only cycle still ties
 *   two modules into one (the unit table in src/ops/units names narrow interfaces of the engine,
 *   src/services.ts the spaces' SpaceDirectory, rather than the classes that read them);
 * - the domain (library, ops, batch, tasks, thumbs) never imports the protocol layer
 *   (src/webapi): it throws DomainError and the API edge picks the code.
 * Every file under src/ and webapi/ is an entry, so files reached only by the registry's loading
 * of webapi/ are checked too.
 */
import dpdm from 'dpdm';
import type { DependencyTree } from 'dpdm';

const { parseDependencyTree, parseCircular, prettyCircular } = dpdm;

const DOMAIN = /^src\/(library|ops|batch|tasks|thumbs)\//;

/**
 * Upward imports known when the check was added, in the part of the domain being converted to
 * DomainError on another branch (#14 part B). Remove each line as its file stops importing
 * src/webapi; the check fails on any other, and on a line here that is no longer needed.
 */
const KNOWN_UPWARD = new Set<string>([]);
const PROTOCOL = /^src\/webapi\//;

const tree: DependencyTree = await parseDependencyTree(['src/**/*.ts', 'webapi/**/*.ts'], {
  context: process.cwd(),
  transform: false,
  skipDynamicImports: false,
  include: /^(?!.*node_modules)/,
});

let failed = false;
// `transform: false` keeps the imports TypeScript erases (`import type`): type-only cycles count too.
const cycles = parseCircular(tree);
if (cycles.length > 0) {
  failed = true;
  process.stdout.write(`Import cycles:\n${prettyCircular(cycles)}\n`);
}

const upward = new Set<string>();
for (const [file, deps] of Object.entries(tree)) {
  if (!DOMAIN.test(file) || !deps) continue;
  for (const dep of deps) if (dep.id && PROTOCOL.test(dep.id)) upward.add(`${file} -> ${dep.id}`);
}
const unknown = [...upward].filter((u) => !KNOWN_UPWARD.has(u));
if (unknown.length > 0) {
  failed = true;
  process.stdout.write(`The domain imports the protocol layer (src/webapi):\n${unknown.map((u) => `  ${u}`).join('\n')}\n`);
}
const stale = [...KNOWN_UPWARD].filter((u) => !upward.has(u));
if (stale.length > 0) {
  failed = true;
  process.stdout.write(`Gone, remove from KNOWN_UPWARD in scripts/check-imports.ts:\n${stale.map((u) => `  ${u}`).join('\n')}\n`);
}

const files = Object.keys(tree).filter((f) => /^(src|webapi)\//.test(f)).length;
if (failed) process.exit(1);
process.stdout.write(`Imports: ${files} files, no cycle (type-only imports included), no upward import beyond the ${KNOWN_UPWARD.size} known.\n`);
