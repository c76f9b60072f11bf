import { expect } from 'chai';
import { WebApiError } from '../../src/webapi/codes.ts';
import type { ParamSchema } from '../../src/webapi/descriptor.ts';
import { addPairs, decodeParams } from '../../src/webapi/params.ts';

const schema: ParamSchema = {
  type: 'object',
  properties: {
    ids: { type: 'array', items: { type: 'string' } },
    ops: { type: 'object' },
    n: { type: 'integer' },
    on: { type: 'boolean' },
    name: { type: 'string' },
    sel: {},
  },
};

const pairs = (s: string) => addPairs({}, new URLSearchParams(s));

describe('params', () => {
  describe('addPairs', () => {
    it('collects repeated bracket keys into a list, in order', () => {
      expect(pairs('x[]=a&x[]=b&x[]=c')).to.deep.equal({ x: ['a', 'b', 'c'] });
    });

    it('collects named bracket keys into a map', () => {
      expect(pairs('m[k]=v&m[j]=w')).to.deep.equal({ m: { k: 'v', j: 'w' } });
    });

    it('keeps more than a thousand bracket keys (seed 000 sends one per item)', () => {
      const many = Array.from({ length: 1500 }, (_, i) => `m[photo_${i}]=album_${i}`).join('&');
      expect(Object.keys(pairs(many).m as object)).to.have.length(1500);
    });

    it('lets a later plain key replace an earlier one', () => {
      const into = pairs('a=query');
      addPairs(into, [['a', 'body']]);
      expect(into).to.deep.equal({ a: 'body' });
    });
  });

  describe('decodeParams', () => {
    const decode = (raw: Record<string, unknown>) => decodeParams(raw, schema, 101);

    it('decodes a bracket list, a JSON array and a comma list to the same list', () => {
      for (const raw of [pairs('ids[]=a&ids[]=b').ids, '["a","b"]', 'a,b']) expect(decode({ ids: raw })).to.deep.equal({ ids: ['a', 'b'] });
    });

    it('decodes an empty string as an empty list', () => {
      expect(decode({ ids: '' })).to.deep.equal({ ids: [] });
    });

    it('decodes a bracket map and a JSON object to the same map', () => {
      for (const raw of [pairs('ops[k]=v').ops, '{"k":"v"}']) expect(decode({ ops: raw })).to.deep.equal({ ops: { k: 'v' } });
    });

    it('unquotes a JSON-quoted string but keeps a lone quote', () => {
      expect(decode({ name: '"admin"' })).to.deep.equal({ name: 'admin' });
      expect(decode({ name: '"' })).to.deep.equal({ name: '"' });
    });

    it('parses JSON text for an untyped parameter', () => {
      expect(decode({ sel: '[{"children":"album_61"}]' })).to.deep.equal({ sel: [{ children: 'album_61' }] });
    });

    it('leaves out parameters the schema does not declare', () => {
      expect(decode({ ps_username: 'x', n: '3' })).to.deep.equal({ n: 3 });
    });

    it('throws a WebApiError with the given code for a non-integer', () => {
      let caught: unknown;
      try {
        decodeParams({ n: '2.5' }, schema, 456);
      } catch (err) {
        caught = err;
      }
      expect(caught).to.be.instanceOf(WebApiError);
      expect((caught as WebApiError).code).to.equal(456);
      expect((caught as WebApiError).message)
        .to.contain('`n`')
        .and.contain('2.5');
    });

    it('never puts the value of a secret-looking parameter into the error', () => {
      const secretSchema: ParamSchema = { type: 'object', properties: { password: { type: 'integer' } } };
      try {
        decodeParams({ password: 'hunter2' }, secretSchema, 101);
        expect.fail('expected a refusal');
      } catch (err) {
        expect((err as Error).message).not.to.contain('hunter2');
      }
    });
  });
});
