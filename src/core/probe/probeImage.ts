import type { AugImage } from '../augment/augImage';

/** One image as the probe works on it; apart from its loader, which reads containers, so rules stay light. */
export interface ProbeImage {
  file: string;
  classIndex: number;
  /** Square working image (`workingSize` per side), 1 or 3 channels as decoded. */
  image: AugImage;
  sourceWidth: number;
  sourceHeight: number;
}

/** One channel, or three equal at every pixel: grey to the eye and to every colour transform. */
export function looksGrey(image: AugImage): boolean {
  if (image.channels === 1) return true;
  const d = image.data;
  for (let i = 0; i < d.length; i += 3) if (d[i] !== d[i + 1] || d[i] !== d[i + 2]) return false;
  return true;
}
