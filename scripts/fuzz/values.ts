import type { Rng } from './prng.ts';

/**
 * A parameter value before it is put on the wire. `str` and `bytes` become one `key=value`
 * (bytes are sent as they are, so they can be invalid UTF-8); `list` becomes repeated bracket
 * keys (`key[]=a&key[]=b`); `map` bracket-keyed entries (`key[k]=v`); `json` is any JSON value
 * (a JSON body carries it as is, a form carries its JSON text).
 */
export type Value =
  { kind: 'str'; s: string } | { kind: 'bytes'; b: Buffer } | { kind: 'list'; items: string[] } | { kind: 'map'; entries: [string, string][] } | { kind: 'json'; v: unknown };

export const str = (s: string): Value => ({ kind: 'str', s });
const bytes = (b: Buffer | number[]): Value => ({ kind: 'bytes', b: Buffer.from(b) });

export const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex');

/** Byte sequences that are not UTF-8: a lone continuation, an overlong `/`, a surrogate, 0xff. */
export const BAD_UTF8: readonly number[][] = [[0xc3, 0x28], [0xff, 0xfe], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]];

/**
 * Paths an id may try to smuggle in (SPEC §4). `link` is a symlink inside the photo root pointing
 * at the sentinel folder outside it; `../outside` is that folder reached by traversal.
 */
const HOSTILE_PATHS = [
  '..',
  '../x',
  '../outside',
  '../outside/secret.txt',
  '../../outside',
  'A/../../outside',
  'A/../..',
  '/etc',
  '/etc/passwd',
  'A\\..\\..\\outside',
  '..\\outside',
  'A\0',
  '\0',
  '@eaDir',
  'A/@eaDir',
  '.hidden',
  '#recycle',
  'A//B',
  'A/',
  '/A',
  'A/./B',
  '.',
  'link',
  'link/sub',
  'A/link',
  'x'.repeat(256),
  `${'d/'.repeat(2100)}d`,
  'é'.repeat(130),
];

const HOSTILE_NAMES = ['..', '../../outside/secret.jpg', 'secret.jpg', '.hidden.jpg', '@eaDir', 'a\0.jpg', 'a/b.jpg', 'a\\b.jpg', 'x.exe', `${'n'.repeat(300)}.jpg`, ''];

/** Hostile ids of every shape: album ids, item ids, and strings that are no id at all. */
export function hostileIds(): string[] {
  const out = new Set<string>();
  for (const p of HOSTILE_PATHS) {
    out.add(`album_${hex(p)}`);
    out.add(`album_${hex(p).toUpperCase()}`);
    out.add(`photo_${hex(p)}_${hex('secret.jpg')}`);
    out.add(`video_${hex(p)}_${hex('clip.mp4')}`);
  }
  for (const n of HOSTILE_NAMES) {
    out.add(`photo_2f_${hex(n)}`);
    out.add(`photo_${hex('A')}_${hex(n)}`);
    out.add(`photo_${hex('link')}_${hex(n)}`);
  }
  for (const b of BAD_UTF8) {
    out.add(`album_${Buffer.from(b).toString('hex')}`);
    out.add(`photo_2f_${Buffer.from(b).toString('hex')}`);
  }
  for (const s of [
    'album_',
    'album_4',
    'album_414',
    'album_zz',
    'album_4g',
    'album_41_',
    'album_-41',
    'album_ 41',
    'album_0x41',
    'photo_',
    'photo__',
    'photo_2f_',
    'photo_2f',
    'photo_41_616a7067_',
    'photo_2f2f_612e6a7067',
    'photo_41_612e6d7034',
    'video_41_612e6a7067',
    'PHOTO_41_612e6a7067',
    'Album_41',
    'album_41,album_42',
    '..',
    '../outside',
    '/etc/passwd',
    'C:\\Windows',
    '%2e%2e',
    'null',
    'undefined',
    '[]',
    '{}',
    '0',
    '-1',
    '1e999',
    "' OR 1=1 --",
    '"; DROP TABLE albums; --',
    '${jndi:x}',
    `album_${'41'.repeat(10_001)}`,
  ]) {
    out.add(s);
  }
  return [...out];
}

const STRINGS = [
  '',
  ' ',
  '0',
  '-1',
  'NaN',
  'Infinity',
  'null',
  'true',
  'undefined',
  '[]',
  '{}',
  '[1,2',
  '{"a":',
  '""',
  '"quoted"',
  '"',
  ',',
  ',,,',
  'a,b,,c',
  '%',
  '%zz',
  '%00',
  '\0',
  '\r\n',
  '\\',
  '../../outside',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '$(rm -rf /)',
  '__proto__',
  'constructor',
  'toString',
  '😀',
  '\u202e',
  '\ufeff',
  '\ud800',
  'A'.repeat(65),
  'A'.repeat(256),
  'A'.repeat(4097),
];

const INTEGERS = [
  '0',
  '-0',
  '1',
  '-1',
  '-2',
  '+1',
  ' 5 ',
  '05',
  '1.5',
  '1e3',
  '0x10',
  'NaN',
  'Infinity',
  '-Infinity',
  '2147483647',
  '2147483648',
  '-2147483649',
  '9007199254740991',
  '9007199254740993',
  '999999999999999',
  '1000000000000000',
  '1'.repeat(400),
  '',
  'abc',
  '1,2',
  '[1]',
  '"3"',
  '١٢',
];
const BOOLEANS = ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', 'TRUE', ' Yes ', '', '2', 'maybe', 'null', '"true"', '[true]'];

/** A long string, at most a few sizes around the limits that matter (schema maxLength, body limit). */
export function huge(rng: Rng, bodyLimit: number): string {
  const n = rng.pick([4097, 20_001, 65_537, Math.floor(bodyLimit / 2), bodyLimit - 64, bodyLimit + 1]);
  const unit = rng.pick(['a', 'é', '%', '2e2e2f', ',', '😀']);
  return unit.repeat(Math.max(1, Math.ceil(n / unit.length)));
}

export function anyString(rng: Rng): Value {
  return rng.weighted<() => Value>([
    [6, () => str(rng.pick(STRINGS))],
    [3, () => str(rng.text(rng.int(1, 24)))],
    [1, () => bytes([...Buffer.from('a'), ...rng.pick(BAD_UTF8), ...Buffer.from('b')])],
    [1, () => bytes(rng.bytes(rng.int(1, 16)))],
  ])();
}

export function anyInteger(rng: Rng, prop: Record<string, unknown>): Value {
  const min = typeof prop.minimum === 'number' ? prop.minimum : undefined;
  const max = typeof prop.maximum === 'number' ? prop.maximum : undefined;
  const bounds: string[] = [];
  if (min !== undefined) bounds.push(String(min), String(min - 1), String(min + 1));
  if (max !== undefined) bounds.push(String(max), String(max + 1), String(max - 1));
  return rng.weighted<() => Value>([
    [4, () => str(String(rng.int(min ?? -1, Math.min(max ?? 50, 50))))],
    [3, () => str(rng.pick(bounds.length > 0 ? bounds : INTEGERS))],
    [3, () => str(rng.pick(INTEGERS))],
    [1, () => ({ kind: 'json', v: rng.pick([1.5, -1, 0, 1e308, -1e308, 2 ** 53, true, null, 'x', [1], { a: 1 }]) })],
  ])();
}

export function anyBoolean(rng: Rng): Value {
  return str(rng.pick(BOOLEANS));
}

export function garbageSid(rng: Rng): string {
  return rng.pick([
    '',
    'x',
    '0'.repeat(32),
    'g'.repeat(32),
    rng.hex(32),
    rng.hex(31),
    rng.hex(64),
    'deleted',
    "' OR 1=1 --",
    '%00',
    '%zz',
    '"',
    ';',
    'a b',
    'é',
    'admin',
    'A'.repeat(5000),
    '[]',
    '{"sid":"x"}',
  ]);
}

/** Names and values for parameters no method declares: real clients send extras. */
export const EXTRA_KEYS = [
  'ps_username',
  'recursive',
  'force_update',
  'ignore',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'a[b][c]',
  'x[',
  ']',
  '[]',
  '',
  'api[]',
  'method[x]',
];
