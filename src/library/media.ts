/** What counts as an item, by extension (SPEC §8). Anything else under the photo root is ignored. */
export type ItemKind = 'photo' | 'video';

const PHOTO = ['jpg', 'jpeg', 'jpe', 'bmp', 'gif', 'png', 'tif', 'tiff', 'heic', 'heif'];
const RAW = ['arw', 'srf', 'sr2', 'dcr', 'k25', 'kdc', 'cr2', 'crw', 'nef', 'mrw', 'ptx', 'pef', 'raf', '3fr', 'erf', 'mef', 'mos', 'orf', 'rw2', 'dng', 'x3f', 'raw'];
const VIDEO = ['mpg', 'mpeg', 'avi', 'wmv', 'asf', 'mov', 'flv', 'f4v', '3gp', '3g2', 'mp4', 'm4v', 'qt', 'divx', 'xvid', 'dat', 'm2ts', 'm2t', 'mts'];

/** Camera raw formats: thumbnails come from the JPEG preview they embed (thumbs/raw-preview.ts). */
export const RAW_EXTENSIONS: ReadonlySet<string> = new Set(RAW);

const kinds = new Map<string, ItemKind>([...PHOTO.map((e) => [e, 'photo'] as const), ...RAW.map((e) => [e, 'photo'] as const), ...VIDEO.map((e) => [e, 'video'] as const)]);

/** Every extension that makes a file an item, lowercase. */
export function itemExtensions(): string[] {
  return [...kinds.keys()];
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** The item kind of a file name, or undefined when the name is not a photo or video. */
export function kindOf(name: string): ItemKind | undefined {
  return kinds.get(extensionOf(name));
}

/** Hidden names are never albums or items (docs/protocol.md §4): `.x`, `@eaDir`, `#recycle`. */
export function isHiddenName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('@') || name === '#recycle';
}
