import { analyzeFile } from '../engine/analyzeFile';
import type { FileEntry } from '../scan/scanPlan';
import { memberSize } from '../source/memberContent';

/** One image's figures as the analysis measures them, for the Browse tab's large view. */
export type ImageDetails =
  | {
      ok: true;
      file: string;
      format: string;
      mode: string;
      width: number;
      height: number;
      /** File size; a member's: its bytes as its container stores them (idx: the raw pixels). */
      bytes: number;
      hadAlpha: boolean;
      /** CleanVision's brightness, 5th and 99th percentile, 0..1 (what `dark` and `light` are judged on). */
      brightnessP5: number;
      brightnessP99: number;
      /** Bits, of the image histogram (what `low_information` is judged on). */
      entropy: number;
      /** Sharpness, higher is sharper; null for a flat image. */
      blur: number | null;
    }
  | { ok: false; file: string; kind: string; message: string };

/**
 * Decodes and measures one image with the analysis's own code (analyzeFile), so the figures are those the report
 * was made of. `entry`: a file (`open` its absolute path) or a member with its bytes (readMembers).
 */
export async function imageDetails(
  entry: Pick<FileEntry, 'file' | 'open' | 'size' | 'content'>,
): Promise<ImageDetails> {
  const result = await analyzeFile({ ...entry, size: entry.content ? entry.size : -1 }, {});
  if (!result.ok) {
    return { ok: false, file: entry.file, kind: result.kind, message: result.message };
  }
  return {
    ok: true,
    file: entry.file,
    format: result.format,
    mode: result.mode,
    width: result.width,
    height: result.height,
    bytes: result.bytes ?? (entry.content ? memberSize(entry.content) : entry.size),
    hadAlpha: result.hadAlpha,
    brightnessP5: result.brightnessP5,
    brightnessP99: result.brightnessP99,
    entropy: result.entropy,
    blur: result.blur,
  };
}
