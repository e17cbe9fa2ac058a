/** Per-group statistics as a report holds them (0..1 scale), for snippet tests. */
export const STATS_FIXTURE = {
  channels: 3,
  pixels: 10,
  mean: [0.5, 0.25, 0.125],
  std: [0.2, 0.3, 0.1],
  min: [0, 0, 0],
  max: [1, 1, 1],
  histogram: [],
  images: 2,
  meanOfImageStd: [0.1, 0.1, 0.1],
  greyConvertedToRgb: 0,
  alphaDropped: 0,
};
