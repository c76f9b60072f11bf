import type { Registry } from '../../src/webapi/registry.ts';
import { Code } from '../../src/webapi/codes.ts';
import type { ApiDescriptor } from '../../src/webapi/descriptor.ts';
import { BinaryAnswer } from '../../src/webapi/binary.ts';
import { WebApiError } from '../../src/webapi/codes.ts';

export const SECRET_PATH = '/very/internal/server/path.ts';

/**
 * A test-only API that answers the parameters as the dispatcher decoded them, so that the wire
 * encodings of SPEC §2 can be checked over real HTTP for every declared type. Registered on the
 * live registry of a running app; it is reachable through entry.cgi only.
 */
export const echoDescriptor = {
  name: 'SYNO.Test.Echo',
  path: 'echo.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary: 'Test only.',
  methods: {
    echo: {
      versions: [1],
      auth: 'none',
      summary: 'Answers the decoded parameters.',
      handler: ({ params }: { params: Record<string, unknown> }) => params,
      params: {
        type: 'object',
        properties: {
          text: { type: 'string' },
          n: { type: 'integer' },
          flag: { type: 'boolean' },
          ids: { type: 'array', items: { type: 'string' } },
          nums: { type: 'array', items: { type: 'integer' } },
          ops: { type: 'object' },
        },
      },
    },
    boom: {
      versions: [1],
      auth: 'none',
      summary: 'Throws an unexpected exception.',
      handler: () => {
        throw new Error(`kaboom at ${SECRET_PATH}`);
      },
      params: { type: 'object', properties: {} },
    },
    bytes: {
      versions: [1],
      auth: 'none',
      summary: 'Answers `text` as bytes; `fail` makes the writer throw before its headers.',
      handler: ({ params }: { params: { text?: string; fail?: boolean } }) =>
        new BinaryAnswer(async (ctx) => {
          await Promise.resolve();
          if (params.fail) throw new WebApiError(Code.ThumbFileNotExists, 'gone while answering');
          const body = Buffer.from(params.text ?? '');
          ctx.res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
          ctx.res.end(body);
          return 200;
        }),
      params: { type: 'object', properties: { text: { type: 'string' }, fail: { type: 'boolean' } } },
    },
  },
} satisfies ApiDescriptor;

export function registerEcho(registry: Registry): void {
  registry.register(echoDescriptor);
}

export const echo = (extra: Record<string, string | number | boolean> = {}) => ({ api: 'SYNO.Test.Echo', method: 'echo', version: 1, ...extra });
