import { zoomMatrix } from '../ops/matrices';
import { warpProjective } from '../ops/warp';
import { warpParams, type WarpParams } from '../ops/warpParams';
import { WARP_OPTIONS } from '../optionSpec';
import { defineTransform, uniform } from '../transform';

export type ZoomParams = WarpParams & { height: number; width: number };

/** Keras RandomZoom: factors > 0 zoom out, < 0 zoom in; without `width` the aspect ratio is kept. */
export const zoom = defineTransform({
  name: 'zoom',
  kind: 'geometry',
  doc:
    'Zooms about the centre as Keras RandomZoom: a factor f scales the sampled area by 1 + f, so positive values ' +
    'zoom out and negative values zoom in (height [-0.2, 0.2] = up to 20% either way). Without `width` the same ' +
    'factor is used for both axes.',
  defaultP: 1,
  options: {
    height: { type: 'range', min: -1, max: 1, default: [-0.2, 0.2], doc: 'Vertical zoom factor range.' },
    width: { type: 'range', min: -1, max: 1, doc: 'Horizontal zoom factor range (default: same as height).' },
    ...WARP_OPTIONS,
  },
  sampleParams: (rng, _image, o): ZoomParams => {
    const height = uniform(rng, o.height);
    const width = o.width ? uniform(rng, o.width) : height;
    return { height, width, ...warpParams(o) };
  },
  apply: (image, p) =>
    warpProjective(image, zoomMatrix(1 + p.width, 1 + p.height, image.width, image.height), p),
  describe: (p) =>
    p.width === p.height
      ? `zoom ${(1 + p.height).toFixed(2)}x`
      : `zoom ${(1 + p.width).toFixed(2)}x${(1 + p.height).toFixed(2)}`,
});
