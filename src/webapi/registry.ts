import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ApiDescriptor, Handler, MethodDescriptor } from './descriptor.ts';
import type { ErrorCode } from '../codes.ts';

export interface MethodEntry {
  api: ApiDescriptor;
  name: string;
  descriptor: MethodDescriptor;
  validate: ValidateFunction;
  badRequest: ErrorCode;
  handler: Handler;
}

export interface ApiEntry {
  descriptor: ApiDescriptor;
  methods: Map<string, MethodEntry>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const descriptorsDir = path.resolve(here, '../../webapi');

/**
 * The one dispatch table: api -> method -> {versions, validate, handler}, built from the
 * descriptors in `webapi/`. A descriptor that is malformed, a schema ajv refuses, or a method
 * without its handler fails start-up, never a request.
 */
export class Registry {
  readonly apis = new Map<string, ApiEntry>();
  /** Legacy file name (`album.php`) -> API name. */
  readonly byPath = new Map<string, string>();
  readonly #ajv = new Ajv({ allErrors: false, useDefaults: true, strict: true, coerceTypes: false });

  register(descriptor: ApiDescriptor): void {
    const { name } = descriptor;
    if (this.apis.has(name)) throw new Error(`API ${name} is declared twice`);
    if (this.byPath.has(descriptor.path)) throw new Error(`Legacy path ${descriptor.path} is declared twice`);
    if (!(descriptor.minVersion >= 1 && descriptor.maxVersion >= descriptor.minVersion)) {
      throw new Error(`API ${name}: expected 1 <= minVersion <= maxVersion`);
    }
    const methods = new Map<string, MethodEntry>();
    for (const [method, md] of Object.entries(descriptor.methods)) {
      const { handler } = md;
      if (typeof handler !== 'function') throw new Error(`API ${name}: method ${method} has no handler`);
      // A visitor is only ever let into a method that anyone may call (src/webapi/share-auth.ts).
      if (md.share && md.auth !== 'guest') throw new Error(`API ${name}.${method}: \`share\` needs auth 'guest'`);
      for (const v of md.versions) {
        if (v < descriptor.minVersion || v > descriptor.maxVersion) throw new Error(`API ${name}.${method}: version ${v} outside the API's range`);
      }
      let validate: ValidateFunction;
      try {
        validate = this.#ajv.compile(md.params);
      } catch (err) {
        throw new Error(`API ${name}.${method}: bad parameter schema: ${(err as Error).message}`, { cause: err });
      }
      methods.set(method, { api: descriptor, name: method, descriptor: md, validate, badRequest: md.badRequest ?? descriptor.badRequest, handler });
    }
    this.apis.set(name, { descriptor, methods });
    this.byPath.set(descriptor.path, name);
  }

  descriptors(): ApiDescriptor[] {
    return [...this.apis.values()].map((a) => a.descriptor);
  }
}

/** Loads every `webapi/*.ts` descriptor; each imports its handlers (`route()` in src/api). */
export async function loadRegistry(): Promise<Registry> {
  const registry = new Registry();
  const files = (await readdir(descriptorsDir)).filter((f) => f.endsWith('.ts')).sort();
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(descriptorsDir, file)).href)) as { default?: ApiDescriptor };
    const descriptor = mod.default;
    if (!descriptor || typeof descriptor.name !== 'string') throw new Error(`webapi/${file} has no default-exported descriptor`);
    registry.register(descriptor);
  }
  return registry;
}
