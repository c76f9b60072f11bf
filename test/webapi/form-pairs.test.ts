import { expect } from 'chai';
import { decodeComponent, formPairs, pairsOf } from '../../src/webapi/form-pairs.ts';

/** A small seeded generator (mulberry32), so a failure names a body that can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EMOJI = '\u{1F600}';
/** Pieces that stress the cuts: escapes whole and broken, multi-byte sequences, separators. */
const ASCII_TOKENS = ['a', 'b', 'id', '=', '&', '&&', '+', ' ', ',', '%', '%2', '%2C', '%2B', '%41', '%zz', '%E2%82%AC', '%e2%82', '%C3', '%A9', '%F0%9F%98%80', '[]', '%5B%5D'];
const TOKENS = [...ASCII_TOKENS, 'é', EMOJI, '\uD800', '\uDC00'];
/** Values made of escapes only: the cuts must fall between whole UTF-8 sequences. */
const ESCAPE_TOKENS = ['%E3', '%81', '%82', '%41', '%C3', '%A9', '%F0%9F%98%80', '%2B', '%zz', '%', '+', '=', '&'];

function body(next: () => number, tokens: string[], count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += tokens[Math.floor(next() * tokens.length)];
  return text;
}

/** The WHATWG form decoding written out the plain way, as the reference. */
function reference(text: string): Array<[string, string]> {
  const decode = (s: string) => {
    const bytes = [...Buffer.from(s.replaceAll('+', ' '), 'utf8')];
    const out: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const hex = String.fromCharCode(bytes[i + 1] ?? 0, bytes[i + 2] ?? 0);
      if (bytes[i] === 0x25 && /^[0-9a-fA-F]{2}$/.test(hex)) {
        out.push(parseInt(hex, 16));
        i += 2;
      } else out.push(bytes[i] as number);
    }
    return new TextDecoder().decode(new Uint8Array(out));
  };
  return text
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? [decode(p), ''] : [decode(p.slice(0, eq)), decode(p.slice(eq + 1))];
    });
}

/** Random bodies of `tokens`, each decoded whole and in slices of 1 to 16 characters: the same pairs. */
async function sliceLikeWhole(seed: number, tokens: string[]): Promise<void> {
  const next = random(seed);
  for (let i = 0; i < 3000; i++) {
    const text = body(next, tokens, 1 + Math.floor(next() * 60));
    const slice = 1 + Math.floor(next() * 16);
    expect(await formPairs(text, slice), `body ${JSON.stringify(text)}, slice ${slice}`).to.deep.equal(pairsOf(text));
  }
}

describe('Decoding form text', () => {
  it('gives what URLSearchParams gives, for 3 000 random bodies of ASCII (escapes whole and broken)', () => {
    const next = random(1);
    for (let i = 0; i < 3000; i++) {
      const text = body(next, ASCII_TOKENS, 1 + Math.floor(next() * 60));
      expect(pairsOf(text), `body ${JSON.stringify(text)}`).to.deep.equal([...new URLSearchParams(text)]);
    }
  });

  it('turns a lone surrogate into U+FFFD, as UTF-8 encoding does', () => {
    expect(pairsOf('a=\uD800')).to.deep.equal([['a', '\uFFFD']]);
    expect(pairsOf('\uDC00=%41')).to.deep.equal([['\uFFFD', 'A']]);
  });

  it('keeps raw non-ASCII characters beside a broken escape, which Node 20 URLSearchParams garbles', () => {
    expect(decodeComponent(`%A9${EMOJI}`)).to.equal(`\uFFFD${EMOJI}`);
    expect(decodeComponent('%A9é')).to.equal('\uFFFDé');
    expect(pairsOf(`a=%2%${EMOJI}%41`)).to.deep.equal([['a', `%2%${EMOJI}A`]]);
  });

  it('agrees with the plain reference decoding for 3 000 random bodies, emoji included', () => {
    const next = random(2);
    for (let i = 0; i < 3000; i++) {
      const text = body(next, TOKENS, 1 + Math.floor(next() * 60));
      expect(pairsOf(text), `body ${JSON.stringify(text)}`).to.deep.equal(reference(text));
    }
  });

  describe('in slices', () => {
    it('gives the same pairs whatever the slice, for 3 000 random bodies of escapes only', () => sliceLikeWhole(3, ESCAPE_TOKENS));

    it('yields inside a 7 MB value of nothing but escapes', async () => {
      const text = `id=${'%E3%81%82'.repeat(800_000)}`;
      let turns = 0;
      const counting = setInterval(() => (turns += 1), 0);
      const pairs = await formPairs(text);
      clearInterval(counting);
      expect(pairs).to.deep.equal([['id', '\u3042'.repeat(800_000)]]);
      expect(turns, 'timer turns while decoding').to.be.greaterThan(0);
    });

    it('takes a million pairs without a value, in linear time and without overflowing the stack', async () => {
      const text = 'a&'.repeat(1_000_000);
      const started = performance.now();
      const pairs = await formPairs(text);
      expect(pairs).to.have.length(1_000_000);
      expect(pairs[999_999]).to.deep.equal(['a', '']);
      // Quadratic, this was minutes; linear it is well under a second on this machine.
      expect(performance.now() - started).to.be.below(10_000);
    });

    it('gives the same pairs whatever the slice, for 3 000 random bodies cut into slices of 1 to 16 characters', () => sliceLikeWhole(20261123, TOKENS));

    it('decodes a 100 000-id form as one value, in order, giving the event loop turns on the way', async () => {
      const ids = Array.from({ length: 100_000 }, (_, i) => `photo_${i.toString(16)}_${'é'.repeat(i % 3)}`);
      const text = new URLSearchParams({ api: 'SYNO.PhotoStation.Photo', id: ids.join(','), sharepath: 'album_2f' }).toString();
      let turns = 0;
      const counting = setInterval(() => (turns += 1), 0);
      const pairs = await formPairs(text);
      clearInterval(counting);
      expect(pairs.map(([k]) => k)).to.deep.equal(['api', 'id', 'sharepath']);
      expect(pairs[1]?.[1].split(',')).to.deep.equal(ids);
      expect(turns, 'timer turns while decoding').to.be.greaterThan(0);
    });

    it('decodes many small pairs (one bracket key per item) in order', async () => {
      const params = new URLSearchParams();
      for (let i = 0; i < 50_000; i++) params.append('id[]', `photo_${i}`);
      const text = params.toString();
      expect(await formPairs(text)).to.deep.equal([...new URLSearchParams(text)]);
    });
  });
});
