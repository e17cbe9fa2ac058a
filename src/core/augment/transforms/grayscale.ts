import { blankLike } from '../augImage';
import { LUMA_B, LUMA_G, LUMA_R } from '../ops/colour';
import { defineTransform } from '../transform';

/** torchvision RandomGrayscale: luma in every channel, channel count kept. */
export const grayscale = defineTransform({
  name: 'grayscale',
  kind: 'colour',
  doc:
    'Replaces each pixel by its luma (0.299 R + 0.587 G + 0.114 B) in all channels, keeping the channel count, as ' +
    'torchvision RandomGrayscale (default p 0.1). Grey images are left unchanged.',
  defaultP: 0.1,
  options: {},
  sampleParams: () => ({}),
  apply: (image) => {
    const out = blankLike(image);
    const src = image.data;
    if (image.channels === 1) {
      out.data.set(src);
      return out;
    }
    for (let i = 0; i < src.length; i += 3) {
      const grey = LUMA_R * src[i] + LUMA_G * src[i + 1] + LUMA_B * src[i + 2];
      out.data[i] = grey;
      out.data[i + 1] = grey;
      out.data[i + 2] = grey;
    }
    return out;
  },
  describe: () => 'grayscale',
});
