import type { OptionValue, ResolvedOptions } from '../augment/optionSpec';
import type { Transform } from '../augment/transform';

/**
 * Options measured in pixels of the source image, other than `size` options (found by their spec type). The
 * probe runs transforms on a small working image, so these are scaled by working / source size; a test fails
 * when an option documented "in pixels" is missing here.
 */
export const PIXEL_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  gaussianBlur: ['sigma', 'kernelSize'],
};

/**
 * The options of a step as they apply to the working image: `size` options and pixel-unit options scaled by
 * (sx, sy) = working / source, so a crop of 200 of 256 pixels stays a crop of 78% of the side, and a blur of
 * sigma 2 on a 256 px photo stays as mild on the 64 px working image.
 */
export function scaleForWorking(
  transform: Transform,
  options: ResolvedOptions,
  sx: number,
  sy: number,
): ResolvedOptions {
  const pixelOptions = PIXEL_OPTIONS[transform.name] ?? [];
  const scale = Math.sqrt(sx * sy);
  const out: Record<string, OptionValue | undefined> = { ...options };
  for (const [name, spec] of Object.entries(transform.options)) {
    const value = options[name];
    if (value === undefined) continue;
    if (spec.type === 'size' && Array.isArray(value)) {
      out[name] = [Math.max(1, Math.round(value[0] * sy)), Math.max(1, Math.round(value[1] * sx))];
    } else if (pixelOptions.includes(name) && spec.type === 'range' && Array.isArray(value)) {
      const clamp = (v: number) => Math.min(spec.max, Math.max(spec.min, v * scale));
      out[name] = [clamp(value[0]), clamp(value[1])];
    } else if (pixelOptions.includes(name) && spec.type === 'number' && typeof value === 'number') {
      // Kernel sizes stay odd; 0 ("derive from sigma") stays 0.
      out[name] =
        value === 0 ? 0 : Math.min(spec.max, Math.max(1, 2 * Math.round((value * scale - 1) / 2) + 1));
    }
  }
  return out;
}
