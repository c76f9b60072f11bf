import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * ffmpeg and ffprobe, when they are on the PATH (SPEC §14: optional). They run as child
 * processes, never on the event loop: a frame for a video's thumbnail, and the codec facts of
 * `additional.video_codec`. The file is handed over as an open descriptor (opened the symlink-
 * safe way by the caller) and read by the child through /proc/self/fd/3, so no path of ours is
 * ever resolved again by another program. Bounded: a few children at once, each with a time and
 * an output limit.
 */

export type FfmpegMode = 'auto' | 'off';

/** Found at start by `detectVideoTools`; process-wide because the PATH is. */
let available = false;

/** Whether video frames and probes can be made; videos answer `thumbnail_status: "default"` otherwise. */
export function videoToolsAvailable(): boolean {
  return available;
}

function runs(cmd: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(cmd, ['-version'], { timeout: 10_000 }, (err) => resolve(!err));
  });
}

/**
 * Looks for ffmpeg and ffprobe once, at start. `off` (PHOTOSTATION_FFMPEG=off) pretends they are
 * missing: what a server without them does is then testable on a machine that has them.
 * Reading through /proc/self/fd is Linux's; elsewhere videos get no frames either.
 */
export async function detectVideoTools(mode: FfmpegMode): Promise<boolean> {
  found ??= Promise.all([runs('ffmpeg'), runs('ffprobe')]).then(([a, b]) => a && b && existsSync('/proc/self/fd'));
  available = mode !== 'off' && (await found);
  return available;
}

/** The PATH does not change under a running process: looked at once, whatever the number of apps. */
let found: Promise<boolean> | undefined;

/** Children at once: each decodes video on a core of its own. */
const MAX_CHILDREN = 2;
let running = 0;
const waiting: Array<() => void> = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CHILDREN) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/** Runs `cmd` with the file `fd` as its descriptor 3; stdout, up to `maxBytes`, or undefined on failure. */
function run(cmd: string, args: string[], fd: number, timeoutMs: number, maxBytes: number): Promise<Buffer | undefined> {
  return slot(
    () =>
      new Promise((resolve) => {
        const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore', fd] });
        const chunks: Buffer[] = [];
        let size = 0;
        let failed = false;
        const timer = setTimeout(() => {
          failed = true;
          child.kill('SIGKILL');
        }, timeoutMs);
        child.stdout?.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            failed = true;
            child.kill('SIGKILL');
          } else chunks.push(chunk);
        });
        child.on('error', () => {
          failed = true;
        });
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve(failed || code !== 0 ? undefined : Buffer.concat(chunks));
        });
      }),
  );
}

const INPUT = '/proc/self/fd/3';

/** What ffprobe tells of a video, as `additional.video_codec` answers it (plus the displayed size). */
export interface VideoFacts {
  container: string;
  vcodec: string;
  acodec: string;
  resolution_x: number;
  resolution_y: number;
  /** Milliseconds. */
  duration: number;
  /** Frames per second (Photo Station's name). */
  frame_bitrate: number;
  video_bitrate: number;
  audio_bitrate: number;
}

interface Probe {
  format?: { format_name?: string; duration?: string; bit_rate?: string };
  streams?: Array<{
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    bit_rate?: string;
    avg_frame_rate?: string;
    tags?: { rotate?: string };
    side_data_list?: Array<{ rotation?: number }>;
  }>;
}

function int(v: string | number | undefined): number {
  const n = Number(v);
  return Number.isFinite(n) ? Math.round(n) : 0;
}

function rate(v: string | undefined): number {
  const [a, b] = (v ?? '').split('/').map(Number);
  if (!a || !b) return 0;
  return Math.round((a / b) * 100) / 100;
}

/** The container's name: the file's extension when ffprobe's format names it, else ffprobe's first name. */
function containerOf(formatName: string, ext: string): string {
  const names = formatName.split(',').filter(Boolean);
  return names.includes(ext) ? ext : (names[0] ?? ext);
}

export async function probeVideo(fd: number, ext: string): Promise<VideoFacts | undefined> {
  if (!available) return undefined;
  const out = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', INPUT], fd, 20_000, 4 * 1024 * 1024);
  if (!out) return undefined;
  let probe: Probe;
  try {
    probe = JSON.parse(out.toString('utf8')) as Probe;
  } catch {
    return undefined;
  }
  const video = probe.streams?.find((s) => s.codec_type === 'video');
  const audio = probe.streams?.find((s) => s.codec_type === 'audio');
  if (!video) return undefined;
  const rotation = Math.abs(int(video.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? video.tags?.rotate)) % 180;
  // Phones store portrait video as landscape plus a rotation; ffmpeg turns the frames upright.
  const [w, h] = rotation === 90 ? [video.height, video.width] : [video.width, video.height];
  return {
    container: containerOf(probe.format?.format_name ?? '', ext),
    vcodec: video.codec_name ?? '',
    acodec: audio?.codec_name ?? '',
    resolution_x: int(w),
    resolution_y: int(h),
    duration: int(Number(probe.format?.duration ?? 0) * 1000),
    frame_bitrate: rate(video.avg_frame_rate),
    video_bitrate: int(video.bit_rate),
    audio_bitrate: int(audio?.bit_rate),
  };
}

/** A frame at about 10% of the video, at most 10 s in, as PNG bytes (lossless: sharp encodes it once). */
export async function videoFrame(fd: number, durationMs: number): Promise<Buffer | undefined> {
  if (!available) return undefined;
  const at = Math.min(10, Math.max(0, durationMs / 1000) * 0.1);
  const args = ['-v', 'error', '-ss', at.toFixed(3), '-i', INPUT, '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'png', '-'];
  const frame = await run('ffmpeg', args, fd, 30_000, 256 * 1024 * 1024);
  return frame && frame.length > 0 ? frame : undefined;
}
