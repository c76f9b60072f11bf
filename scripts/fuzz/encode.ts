import type { Value } from './values.ts';

export type Pair = [string, Value];

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** Percent-encodes every byte but the unreserved ones; works on raw bytes, so invalid UTF-8 survives. */
export function pct(data: string | Buffer, keep = UNRESERVED): string {
  const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let out = '';
  for (const byte of b) {
    const c = String.fromCharCode(byte);
    out += byte < 0x80 && keep.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `key=value` pairs as x-www-form-urlencoded text (ASCII only, so also fit for a URL). */
export function formEncode(pairs: readonly Pair[], loose = false): string {
  const key = (k: string) => (loose ? pct(k, /[A-Za-z0-9\-_.~[\]]/) : pct(k));
  const parts: string[] = [];
  for (const [k, v] of pairs) {
    switch (v.kind) {
      case 'str':
        parts.push(`${key(k)}=${pct(v.s)}`);
        break;
      case 'bytes':
        parts.push(`${key(k)}=${pct(v.b)}`);
        break;
      case 'list':
        for (const item of v.items) parts.push(`${key(`${k}[]`)}=${pct(item)}`);
        break;
      case 'map':
        for (const [sub, item] of v.entries) parts.push(`${key(`${k}[${sub}]`)}=${pct(item)}`);
        break;
      case 'json':
        parts.push(`${key(k)}=${pct(JSON.stringify(v.v) ?? 'null')}`);
        break;
    }
  }
  return parts.join('&');
}

/** A JSON object body; `bytes` values go in raw, so the body may be invalid UTF-8 or even invalid JSON. */
export function jsonEncode(pairs: readonly Pair[]): Buffer {
  const chunks: Buffer[] = [Buffer.from('{')];
  pairs.forEach(([k, v], i) => {
    chunks.push(Buffer.from(`${i > 0 ? ',' : ''}${JSON.stringify(k)}:`));
    switch (v.kind) {
      case 'str':
        chunks.push(Buffer.from(JSON.stringify(v.s)));
        break;
      case 'bytes':
        chunks.push(Buffer.from('"'), v.b, Buffer.from('"'));
        break;
      case 'list':
        chunks.push(Buffer.from(JSON.stringify(v.items)));
        break;
      case 'map':
        chunks.push(Buffer.from(JSON.stringify(Object.fromEntries(v.entries))));
        break;
      case 'json':
        chunks.push(Buffer.from(JSON.stringify(v.v) ?? 'null'));
        break;
    }
  });
  chunks.push(Buffer.from('}'));
  return Buffer.concat(chunks);
}

export interface FilePart {
  name: string;
  filename: string;
  type: string;
  data: Buffer;
}

/** multipart/form-data with `boundary`; text fields as a browser sends them, then an optional file. */
export function multipartEncode(pairs: readonly Pair[], boundary: string, file?: FilePart): Buffer {
  const chunks: Buffer[] = [];
  const field = (name: string, value: Buffer) => {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/"/g, '%22')}"\r\n\r\n`), value, Buffer.from('\r\n'));
  };
  for (const [k, v] of pairs) {
    switch (v.kind) {
      case 'str':
        field(k, Buffer.from(v.s));
        break;
      case 'bytes':
        field(k, v.b);
        break;
      case 'list':
        for (const item of v.items) field(`${k}[]`, Buffer.from(item));
        break;
      case 'map':
        for (const [sub, item] of v.entries) field(`${k}[${sub}]`, Buffer.from(item));
        break;
      case 'json':
        field(k, Buffer.from(JSON.stringify(v.v) ?? 'null'));
        break;
    }
  }
  if (file) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename.replace(/"/g, '%22')}"\r\nContent-Type: ${file.type}\r\n\r\n`),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
