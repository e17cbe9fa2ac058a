/** A point of the map's canvas, in its own pixels. */
export interface Point {
  x: number;
  y: number;
}

/**
 * Whether `p` lies inside the closed polygon `ring` (its last vertex joins its first), by the even-odd rule: a
 * ray to the right crosses the edges an odd number of times. A polygon of fewer than 3 vertices holds nothing.
 */
export function insidePolygon(p: Point, ring: readonly Point[]): boolean {
  if (ring.length < 3) return false;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/** Indices of `points` inside `ring` (its bounding box first: most points are rejected without the edges). */
export function pointsInside(points: readonly Point[], ring: readonly Point[]): number[] {
  if (ring.length < 3) return [];
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const v of ring) {
    minX = Math.min(minX, v.x);
    maxX = Math.max(maxX, v.x);
    minY = Math.min(minY, v.y);
    maxY = Math.max(maxY, v.y);
  }
  const out: number[] = [];
  points.forEach((p, i) => {
    if (p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY && insidePolygon(p, ring)) out.push(i);
  });
  return out;
}
