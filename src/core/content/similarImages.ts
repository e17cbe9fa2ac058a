import { statSync } from 'node:fs';
import * as path from 'node:path';
import { readCachedRecords } from '../cache/recordCache';
import { cacheKeyFor } from '../engine/cacheKey';
import { UsageError } from '../util/errors';
import { contentModelId } from './contentModel';
import { centredUnitReader } from './centredVectors';

export interface SimilarOptions {
  /** How many images to return (default 10). */
  k?: number;
  /** The per-image cache folder the analysis wrote. */
  cacheDir: string;
  /** As given to the analysis (it keys the cache). */
  maxPixels?: number;
}

export interface SimilarImages {
  file: string;
  model: string;
  /** Images with a current content vector of the model, the query included. */
  compared: number;
  /** Most similar first: centred cosine of the content vectors. */
  similar: { file: string; similarity: number }[];
}

/**
 * The `k` images of `root` most like `file` by content: exact cosine of the content vectors that `analyze
 * --content` cached (centred on their mean, as the near-duplicate search compares them), over every image whose
 * cached record is current (same size and modification time) and made by this model. Reads the cache only:
 * throws a UsageError naming the command to run when the query has no such vector. Exact at any size: one query
 * reads each vector once (n x 816 products), less than building an approximate index would cost; the vectors are
 * held as their cached bytes (816 an image).
 */
export function similarImages(root: string, file: string, options: SimilarOptions): SimilarImages {
  const k = options.k ?? 10;
  const absRoot = path.resolve(root);
  const query = file.split(path.sep).join('/');
  const model = contentModelId();
  const key = cacheKeyFor(root, options);
  const files: string[] = [];
  // The byte codes and scales as cached (816 bytes an image, not 3.3 KB of floats): decoded when scored.
  const codes: Uint8Array[] = [];
  const scales: number[] = [];
  for (const record of readCachedRecords(options.cacheDir, key)) {
    const content = record.result.ok ? record.result.content : undefined;
    if (content?.model !== model || !isCurrent(absRoot, record)) continue;
    files.push(record.file);
    codes.push(content.vector);
    scales.push(content.scale);
  }
  const at = files.indexOf(query);
  if (at < 0)
    throw new UsageError(
      `${query}: no current content vector in the cache; run \`dataset-lens analyze ${root} --content\` first`,
    );
  const dims = codes[at].length;
  const read = centredUnitReader(codes, scales);
  const out = new Float64Array(dims);
  const unit = (i: number) => read(i, out);
  const q = Float64Array.from(unit(at));
  const scored: { file: string; similarity: number }[] = [];
  for (let i = 0; i < files.length; i++) {
    if (i === at) continue;
    const u = unit(i);
    let s = 0;
    for (let c = 0; c < dims; c++) s += q[c] * u[c];
    scored.push({ file: files[i], similarity: Math.round(s * 1e4) / 1e4 });
  }
  scored.sort((a, b) => b.similarity - a.similarity || (a.file < b.file ? -1 : 1));
  return { file: query, model, compared: files.length, similar: scored.slice(0, k) };
}

function isCurrent(root: string, record: { file: string; size: number; mtimeMs: number }): boolean {
  try {
    const stat = statSync(path.join(root, record.file));
    return stat.size === record.size && stat.mtimeMs === record.mtimeMs;
  } catch {
    return false;
  }
}
