/**
 * Child of umapFit.test.ts: the content map of MAP_POINTS seeded unit rows (64 dimensions, 10 loose clusters), run
 * under the V8 heap limit the test starts it with. Prints the map's size and this process's peak RSS as JSON.
 */
import { readFileSync } from 'node:fs';
import { MAP_POINTS, projectMap } from '../../../src/core/content/contentMap';
import { createRng } from '../../../src/core/util/rng';

const DIMS = 64;
const rng = createRng(11);
const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
const centres = Array.from({ length: 10 }, () => Array.from({ length: DIMS }, gauss));
const values = new Float32Array(MAP_POINTS * DIMS);
for (let i = 0; i < MAP_POINTS; i++) {
  let norm = 0;
  for (let d = 0; d < DIMS; d++) norm += (values[i * DIMS + d] = centres[i % 10][d] + gauss()) ** 2;
  for (let d = 0; d < DIMS; d++) values[i * DIMS + d] /= Math.sqrt(norm);
}
const files = Array.from({ length: MAP_POINTS }, (_, i) => `${i}.png`);
void projectMap(
  { dims: DIMS, values, files, classes: files.map(() => null), splits: files.map(() => null) },
  MAP_POINTS,
).then((map) => {
  const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
  console.log(
    JSON.stringify({ shown: map?.shown, peakRssMb: hwm ? Math.round(Number(hwm[1]) / 1024) : null }),
  );
});
