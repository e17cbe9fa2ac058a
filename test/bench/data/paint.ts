import { createRng, type Rng } from '../../../src/core/util/rng';

/** Uniform in [lo, hi). */
export function between(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}

/** Approximately N(0,1) values (sum of 4 uniforms), looked up by index: noise for every pixel stays cheap. */
const GAUSS = (() => {
  const rng = createRng(12345);
  return Float32Array.from(
    { length: 4096 },
    () => (rng.next() + rng.next() + rng.next() + rng.next() - 2) * Math.sqrt(3),
  );
})();

/** Adds noise of standard deviation `sigma`, weighted per pixel when `weight` is given (object-only texture). */
export function addNoise(buf: Float32Array, sigma: number, rng: Rng, weight?: Float32Array): void {
  for (let i = 0; i < buf.length; i++) {
    buf[i] += GAUSS[(rng.next() * 4096) | 0] * sigma * (weight ? weight[i] : 1);
  }
}

export interface Shape {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  angle: number;
  colour: readonly number[];
  box: boolean;
  /** Brightness change along the shape's own x axis, as if lit from one side. */
  shade?: number;
  opacity?: number;
  /** Width of the soft edge, in pixels. */
  soft?: number;
}

/**
 * Paints a soft-edged, rotated ellipse or box into an interleaved float image of `ch` channels. `coverage`
 * (optional) accumulates where the shape landed.
 */
export function paintShape(
  buf: Float32Array,
  w: number,
  h: number,
  ch: number,
  shape: Shape,
  coverage?: Float32Array,
): void {
  const { cx, cy, rx, ry, angle, colour, box, shade = 0, opacity = 1, soft = 1.5 } = shape;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const reach = Math.hypot(rx, ry) + soft;
  const x0 = Math.max(0, Math.floor(cx - reach));
  const x1 = Math.min(w - 1, Math.ceil(cx + reach));
  const y0 = Math.max(0, Math.floor(cy - reach));
  const y1 = Math.min(h - 1, Math.ceil(cy + reach));
  const edgeScale = Math.min(rx, ry) / soft;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x - cx;
      const dy = y - cy;
      const u = (dx * cos + dy * sin) / rx;
      const v = (dy * cos - dx * sin) / ry;
      const d = box ? Math.max(Math.abs(u), Math.abs(v)) : Math.sqrt(u * u + v * v);
      const alpha = Math.min(1, (1 - d) * edgeScale) * opacity;
      if (alpha <= 0) continue;
      const light = 1 + shade * u;
      const p = (y * w + x) * ch;
      for (let c = 0; c < ch; c++) buf[p + c] += (colour[c] * light - buf[p + c]) * alpha;
      if (coverage) coverage[y * w + x] = Math.max(coverage[y * w + x], alpha);
    }
  }
}

/** Rounds and clamps to 0..255. */
export function toBytes(buf: Float32Array): Buffer {
  const out = Buffer.alloc(buf.length);
  for (let i = 0; i < buf.length; i++) out[i] = Math.max(0, Math.min(255, Math.round(buf[i])));
  return out;
}
