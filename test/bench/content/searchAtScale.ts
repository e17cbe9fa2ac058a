/**
 * The content search alone at Fashion-MNIST's full size, without the CNN: `node --import tsx
 * test/bench/content/searchAtScale.ts IDX_DIR` feeds ContentCollector every image of the train and t10k idx files
 * in IDX_DIR (70,000), each image's raw pixels standing for its content vector (784 values, padded to the model's
 * 816) and enlarged to the 48 px confirmation thumbnail, then runs its search as `analyze --content` does at the
 * end (approximate above 50,000 images). Prints {images, search, candidatePairs, confirmedPairs, groups,
 * outliersListed, searchCpuS, searchWallS} as JSON; contentBench measures the process's memory around it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ContentCollector } from '../../../src/core/content/contentCollector';
import { CONTENT_MODEL } from '../../../src/core/content/contentModel';
import { CONFIRM_THUMB_SIZE } from '../../../src/core/content/modelInput';

export interface IdxImages {
  side: number;
  /** Every image's pixels, one byte each, image after image. */
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
}

/** The train and t10k images and labels (`*-idx3-ubyte[.gz]`, `*-idx1-ubyte[.gz]`) of an MNIST-style folder. */
export function readIdxPair(dir: string): IdxImages {
  const files = readdirSync(dir);
  const read = (prefix: string) => {
    const name = files.find((f) => f.startsWith(prefix));
    if (!name) throw new Error(`${dir}: no ${prefix}* file`);
    const bytes = readFileSync(path.join(dir, name));
    return name.endsWith('.gz') ? gunzipSync(bytes) : bytes;
  };
  const images = ['train-images', 't10k-images'].map(read);
  const labels = ['train-labels', 't10k-labels'].map(read);
  const side = images[0].readUInt32BE(8);
  const pixels = Buffer.concat(images.map((b) => b.subarray(16)));
  return {
    side,
    pixels,
    labels: Buffer.concat(labels.map((b) => b.subarray(8))),
    count: pixels.length / (side * side),
  };
}

/** A collector holding every image of the idx folder (the input arrays are dropped on return). */
function collect(dir: string): { collector: ContentCollector; images: number } {
  const set = readIdxPair(dir);
  const area = set.side * set.side;
  const collector = new ContentCollector('pixels');
  const vector = new Uint8Array(CONTENT_MODEL.dims);
  const thumb = new Uint8Array(CONFIRM_THUMB_SIZE * CONFIRM_THUMB_SIZE);
  for (let i = 0; i < set.count; i++) {
    const image = set.pixels.subarray(i * area, (i + 1) * area);
    vector.set(image.subarray(0, Math.min(area, vector.length)));
    for (let y = 0; y < CONFIRM_THUMB_SIZE; y++)
      for (let x = 0; x < CONFIRM_THUMB_SIZE; x++)
        thumb[y * CONFIRM_THUMB_SIZE + x] =
          image[
            Math.floor((y * set.side) / CONFIRM_THUMB_SIZE) * set.side +
              Math.floor((x * set.side) / CONFIRM_THUMB_SIZE)
          ];
    collector.add(i, String(set.labels[i]), undefined, set.side, {
      model: 'pixels',
      vector,
      scale: 1 / 255,
      thumb,
    });
  }
  return { collector, images: set.count };
}

function main(): void {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: searchAtScale.ts IDX_DIR');
  const { collector, images } = collect(dir);
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const findings = collector.finish(
    (i) => `${i}.png`,
    () => true,
  );
  const used = process.cpuUsage(cpu);
  const report = findings.report;
  process.stdout.write(
    JSON.stringify({
      images,
      search: report.nearDuplicates?.search ?? report.skipped,
      candidatePairs: report.nearDuplicates?.candidatePairs,
      confirmedPairs: report.nearDuplicates?.confirmedPairs,
      groups: findings.nearGroups.length,
      outliersListed: report.outliers?.overall.length ?? 0,
      labelIssues: findings.labelIssues.length,
      searchCpuS: (used.user + used.system) / 1e6,
      searchWallS: Number(process.hrtime.bigint() - started) / 1e9,
    }),
  );
}

if (require.main === module) main();
