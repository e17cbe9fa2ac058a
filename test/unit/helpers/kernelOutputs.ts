/**
 * The per-pixel kernels' outputs on a few seeded colour images (two photo sizes, one so tall that the reduction's
 * vertical pass runs in JavaScript anyway): the colour histogram and grey levels, the sampling grid's thumbnail and
 * brightness, the perceptual hash's 32x32 reduction. Run as a script it prints them as JSON with whether
 * WebAssembly was there: wasmFallback.test.ts compares a run without it (node --jitless: the JavaScript paths) with
 * one with it.
 */
import { createHash } from 'node:crypto';
import { BRIGHTNESS_BINS } from '../../../src/core/quality/brightness';
import { sampledThumbnail } from '../../../src/core/quality/imageMeasures';
import { THUMBNAIL_SIDE } from '../../../src/core/quality/thumbnailSide';
import { pilLanczosResize } from '../../../src/core/quality/pilLanczos';
import { imageHistogram } from '../../../src/core/stats/imageHistogram';
import { colourImage } from './colourImage';
import { createRng } from './images';

export interface KernelOutputs {
  webAssembly: boolean;
  images: Record<string, string>[];
}

const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function kernelOutputs(): KernelOutputs {
  const rng = createRng(22);
  const images: Record<string, string>[] = [];
  for (const [width, height] of [
    [481, 436],
    [301, 640],
    [33, 8300],
  ]) {
    const data = new Uint8Array(width * height * 3);
    for (let i = 0; i < data.length; i++) data[i] = rng.int(0, 9) === 0 ? rng.int(0, 255) : (i >> 7) & 255;
    const image = colourImage(width, height, data);
    const grey = new Uint8Array(width * height);
    const histogram = imageHistogram(image, grey);
    const thumbnail = new Float64Array(THUMBNAIL_SIDE * THUMBNAIL_SIDE);
    const brightness = new Uint32Array(BRIGHTNESS_BINS);
    const { tw, th } = sampledThumbnail(image, thumbnail, brightness);
    const reduced = pilLanczosResize(width, height, grey, 32, 32);
    // Each output by its SHA-256 (a mismatch still says which one differs).
    images.push({
      counts:
        digest(new Uint8Array(histogram.counts.buffer)) + (histogram.channelsEqual ? ' grey' : ' colour'),
      grey: digest(grey),
      thumbnail: digest(new Uint8Array(thumbnail.buffer, 0, tw * th * 8)) + ` ${tw}x${th}`,
      brightness: digest(new Uint8Array(brightness.buffer)),
      reduced: digest(reduced),
    });
  }
  return { webAssembly: typeof WebAssembly !== 'undefined', images };
}

if (require.main === module) process.stdout.write(JSON.stringify(kernelOutputs()));
