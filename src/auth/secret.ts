import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export const SECRET_FILE = 'app-tokens.key';
const SECRET_BYTES = 32;

/**
 * The installation's app-token secret (SPEC §17): 32 random bytes in `<data>/app-tokens.key`,
 * mode 0600, made on first use. Made beside the file and linked into place, so that two
 * processes starting together (the server and `npm run token`) agree on one secret and a crash
 * never leaves a short one. Its bytes are never logged nor put in an error message.
 */
export function loadSecret(dataDir: string): Uint8Array {
  const file = path.join(dataDir, SECRET_FILE);
  try {
    return readSecret(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, randomBytes(SECRET_BYTES));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
  } catch (error) {
    // Another process made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(tmp);
  }
  const dir = openSync(dataDir, 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
  return readSecret(file);
}

function readSecret(file: string): Uint8Array {
  // A secret others can read is no secret: narrowed if someone widened it.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const bytes = readFileSync(file);
  if (bytes.length !== SECRET_BYTES)
    throw new Error(`Expected ${file} to hold ${SECRET_BYTES} bytes, got ${bytes.length}: remove it to make a new one (every app token becomes invalid)`);
  return new Uint8Array(bytes);
}
