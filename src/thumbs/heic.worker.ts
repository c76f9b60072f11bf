import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import { lowerThisThread } from '../runtime/thread-priority.ts';
import type { HeicAnswer, HeicJob } from './heic.ts';

/**
 * The HEIC thread (heic.ts): decodes one HEIC file at a time with libheif compiled to
 * WebAssembly (`heic-decode`), whose work is synchronous: here it holds this thread, never the
 * one that serves requests. Answers RGBA pixels, moved (not copied) back.
 */
const port = parentPort;
if (!port) throw new Error('heic.worker.ts runs as a worker thread');

interface Decoded {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}
interface Image {
  width: number;
  height: number;
  decode(): Promise<Decoded>;
}
const decodeAll = (createRequire(import.meta.url)('heic-decode') as { all(input: { buffer: Uint8Array }): Promise<Image[] & { dispose(): void }> }).all;

// Background work, like the metadata thread: below the request thread when both want a core.
lowerThisThread();

async function decode(job: HeicJob): Promise<HeicAnswer> {
  const images = await decodeAll({ buffer: new Uint8Array(job.bytes) });
  try {
    const primary = images[0];
    if (!primary) return { id: job.id, error: 'no image in the file' };
    // The container's own size, checked before any pixel is made.
    if (primary.width * primary.height > job.maxPixels) return { id: job.id, error: 'too many pixels' };
    const { width, height, data } = await primary.decode();
    return { id: job.id, width, height, pixels: data.buffer as ArrayBuffer };
  } finally {
    images.dispose();
  }
}

port.on('message', (job: HeicJob) => {
  decode(job).then(
    (answer) => port.postMessage(answer, answer.pixels ? [answer.pixels] : []),
    (err: unknown) => port.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) } satisfies HeicAnswer),
  );
});
port.postMessage('up');
