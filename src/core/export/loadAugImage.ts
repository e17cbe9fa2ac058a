import { fromDecoded, type AugImage } from '../augment/augImage';
import { decodeImage } from '../decode/decodeImage';
import type { FileEntry } from '../scan/scanDataset';

/** Decodes one dataset file into the float working image (EXIF orientation applied, alpha dropped). */
export async function loadAugImage(
  entry: FileEntry,
  maxPixels?: number,
): Promise<{ image: AugImage; format: string }> {
  const decoded = await decodeImage(entry.open, { maxPixels });
  return { image: fromDecoded(decoded), format: decoded.format };
}
