import type { PreviewImage, PreviewResult } from '../src/protocol/messages';

/**
 * The pictures of the preview grid on screen, by key. Their keys go with the next preview request (`held`), and
 * the job leaves those cells' data URLs out of its answer (the originals after an edit, the variants it did not
 * change); `fill` puts them back. Pure (no DOM): tested in previewRequests.test.ts.
 */
export class PreviewPictures {
  private byKey = new Map<string, string>();

  /** The keys to send as `held`. */
  held(): string[] {
    return [...this.byKey.keys()];
  }

  /**
   * `result` with every empty `src` taken from the pictures held, which become the result's own; undefined (and
   * nothing forgotten) when a picture it leaves out is not held, so the caller asks again with nothing held.
   */
  fill(result: PreviewResult): PreviewResult | undefined {
    if (!result.ok) return result;
    const next = new Map<string, string>();
    const filled = (image: PreviewImage): PreviewImage | undefined => {
      const src = image.src || this.byKey.get(image.key) || next.get(image.key);
      if (!src) return undefined;
      next.set(image.key, src);
      return image.src ? image : { ...image, src };
    };
    const rows = [];
    for (const row of result.rows) {
      const original = row.original && filled(row.original);
      const variants = row.variants.map(filled);
      if (original === undefined || variants.some((v) => v === undefined)) return undefined;
      rows.push({ ...row, original, variants: variants as PreviewImage[] });
    }
    this.byKey = next;
    return { ...result, rows };
  }
}
