import sharp from 'sharp';

/**
 * Real JPEGs that look like something (a sky, a sun, hills), different for each `seed`: the
 * screenshots and the performance runs need thumbnails the server really makes, of files with
 * real pixels, not bytes that only end in `.jpg`.
 */
export async function picture(seed: number, width = 640, height = 480, quality = 82): Promise<Buffer> {
  const rnd = mulberry32(seed + 1);
  const hue = rnd() * 360;
  const sky1 = hsl(hue, 0.55, 0.72);
  const sky2 = hsl((hue + 40) % 360, 0.6, 0.45);
  const hill1 = hsl((hue + 150 + rnd() * 60) % 360, 0.45, 0.35);
  const hill2 = hsl((hue + 200 + rnd() * 60) % 360, 0.4, 0.22);
  const sun = { x: rnd() * width, y: height * (0.15 + rnd() * 0.3), r: height * (0.06 + rnd() * 0.08) };
  const waves = [0, 1].map(() => ({ base: height * (0.55 + rnd() * 0.2), amp: height * (0.04 + rnd() * 0.08), freq: (1 + rnd() * 3) / width, phase: rnd() * 6 }));
  const px = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const t = y / height;
    for (let x = 0; x < width; x++) {
      let c = mix(sky1, sky2, t);
      const d = Math.hypot(x - sun.x, y - sun.y);
      if (d < sun.r) c = [255, 236, 170];
      else if (d < sun.r * 2.2) c = mix([255, 236, 170], c, (d - sun.r) / (sun.r * 1.2));
      const [w1, w2] = waves as [{ base: number; amp: number; freq: number; phase: number }, { base: number; amp: number; freq: number; phase: number }];
      if (y > w1.base + w1.amp * Math.sin(x * w1.freq * 6.28 + w1.phase)) c = mix(hill1, hill2, (y - w1.base) / height);
      if (y > w2.base + height * 0.12 + w2.amp * Math.sin(x * w2.freq * 6.28 + w2.phase)) c = hill2;
      const i = (y * width + x) * 3;
      px[i] = c[0];
      px[i + 1] = c[1];
      px[i + 2] = c[2];
    }
  }
  return sharp(px, { raw: { width, height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();
}

type Rgb = [number, number, number];

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  const k = Math.max(0, Math.min(1, t));
  return [a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k, a[2] + (b[2] - a[2]) * k];
}

function hsl(h: number, s: number, l: number): Rgb {
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return 255 * (l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1)));
  };
  return [f(0), f(8), f(4)];
}

/** A small seeded random generator: the same seed draws the same picture. */
function mulberry32(a: number): () => number {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
