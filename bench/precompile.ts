/**
 * The server compiled ahead of time, for `BENCH_SERVER=precompiled npm run bench:dispatch`: is
 * tsx (what `npm start` runs) paid at steady state, or only at start-up?
 *
 * Each TypeScript file of src/ and webapi/ is compiled on its own by esbuild (the compiler tsx
 * itself uses) into `<out>`, under the same name: the imports name `.ts` files, and the
 * registry loads `webapi/*.ts`. A ten-line loader (`bench/ts-as-js.mjs` in `<out>`) tells Node
 * that those files are plain JavaScript modules; it compiles nothing. node_modules, web/ and
 * package.json are links to the repository's; the SQL migrations are copied.
 */
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const LOADER = `import { register } from 'node:module';
// Our .ts files here are already JavaScript: load them as ES modules, compile nothing.
const hooks = 'export async function load(url, context, next) { return next(url, url.endsWith(".ts") ? { ...context, format: "module" } : context); }';
register('data:text/javascript,' + encodeURIComponent(hooks));
`;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Compiles the server into `out` and answers `out`, to run `node --import <out>/bench/ts-as-js.mjs src/main.ts` in. */
export async function precompile(out: string): Promise<string> {
  await build({
    entryPoints: [...tsFiles(path.join(repo, 'src')), ...tsFiles(path.join(repo, 'webapi'))],
    outdir: out,
    outbase: repo,
    outExtension: { '.js': '.ts' },
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  cpSync(path.join(repo, 'src', 'db', 'migrations'), path.join(out, 'src', 'db', 'migrations'), { recursive: true });
  for (const name of ['node_modules', 'web', 'package.json']) symlinkSync(path.join(repo, name), path.join(out, name));
  mkdirSync(path.join(out, 'bench'), { recursive: true });
  writeFileSync(path.join(out, 'bench', 'ts-as-js.mjs'), LOADER);
  return out;
}
