import { existsSync } from 'node:fs';
import { cp, cpSync, rename, renameSync, rm, rmSync } from '../runtime/fsx.ts';

/**
 * Moves a file or folder, as one rename(2) when both sides are on one file system. Across file
 * systems (EXDEV: a trash on another disk) it copies to `<dst>.ps-partial`, renames that into
 * place, then removes the source, so `dst` appears only complete: recovery treats a present
 * `dst` as done and finishes removing the source.
 */
export async function moveAcross(src: string, dst: string): Promise<void> {
  try {
    await rename(src, dst);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    const partial = `${dst}.ps-partial`;
    await rm(partial, { recursive: true, force: true });
    await cp(src, partial, { recursive: true, preserveTimestamps: true, errorOnExist: true });
    await rename(partial, dst);
    await rm(src, { recursive: true, force: true });
  }
}

/** moveAcross for start-up recovery, where nothing else runs yet. */
export function moveAcrossSync(src: string, dst: string): void {
  try {
    renameSync(src, dst);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    const partial = `${dst}.ps-partial`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(src, partial, { recursive: true, preserveTimestamps: true, errorOnExist: true });
    renameSync(partial, dst);
    rmSync(src, { recursive: true, force: true });
  }
}

/** Leftover half of an interrupted cross-device move. */
export function dropPartialSync(dst: string): void {
  if (existsSync(`${dst}.ps-partial`)) rmSync(`${dst}.ps-partial`, { recursive: true, force: true });
}
