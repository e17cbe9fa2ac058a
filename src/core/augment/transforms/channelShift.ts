import { blankLike } from '../augImage';
import { clamp255 } from '../ops/colour';
import { defineTransform, uniform } from '../transform';

export type ChannelShiftParams = { shifts: readonly number[] };

/** albumentations RGBShift (per channel) or Keras ImageDataGenerator channel_shift_range (one shift for all). */
export const channelShift = defineTransform({
  name: 'channelShift',
  kind: 'colour',
  doc:
    'Adds a value drawn from `shift` ([min, max], 0..255 units) to each channel, clipped to 0..255: one value per ' +
    'channel when `perChannel` (albumentations RGBShift), or one for all (Keras ImageDataGenerator ' +
    "channel_shift_range, which clips to the image's own range instead).",
  defaultP: 1,
  options: {
    shift: { type: 'range', min: -255, max: 255, default: [-20, 20], doc: 'Shift range, 0..255 units.' },
    perChannel: { type: 'boolean', default: true, doc: 'Draw a separate shift for each channel.' },
  },
  sampleParams: (rng, _image, o): ChannelShiftParams => {
    // Always three draws, so grey and colour images consume the generator alike.
    const first = uniform(rng, o.shift);
    const rest = [uniform(rng, o.shift), uniform(rng, o.shift)];
    return { shifts: o.perChannel ? [first, ...rest] : [first, first, first] };
  },
  apply: (image, p) => {
    const out = blankLike(image);
    const c = image.channels;
    const src = image.data;
    for (let i = 0; i < src.length; i++) out.data[i] = clamp255(src[i] + p.shifts[i % c]);
    return out;
  },
  describe: (p) => `shift ${p.shifts.map((s) => s.toFixed(0)).join('/')}`,
});
