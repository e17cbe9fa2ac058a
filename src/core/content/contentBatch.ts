import type { FileResult } from '../records/fileResult';
import { encodeVector } from '../records/contentRecord';
import { loadEmbedder } from './embedder';
import type { ContentInput } from './modelInput';

/**
 * Embeds the decoded images of a batch (inputs[i] belongs to results[i]; failures have none) and adds each
 * one's content record to its result. The inputs are let go as they are used.
 */
export async function addContent(results: FileResult[], inputs: (ContentInput | undefined)[]): Promise<void> {
  const embedder = await loadEmbedder();
  const at: number[] = [];
  for (let i = 0; i < results.length; i++) if (results[i].ok && inputs[i]) at.push(i);
  const vectors = embedder.embed(at.map((i) => inputs[i]!.pixels));
  at.forEach((i, k) => {
    const result = results[i];
    if (!result.ok) return;
    result.content = { model: embedder.modelId, ...encodeVector(vectors[k]), thumb: inputs[i]!.thumb };
    inputs[i] = undefined;
  });
}
