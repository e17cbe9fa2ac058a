/**
 * Shannon entropy in bits of a histogram, as PIL's Image.entropy() computes it (for RGB: over the three channel
 * histograms laid end to end), which is what CleanVision's low_information check uses.
 */
export function histogramEntropy(counts: Uint32Array): number {
  let total = 0;
  for (let k = 0; k < counts.length; k++) total += counts[k];
  if (total === 0) return 0;
  let entropy = 0;
  for (let k = 0; k < counts.length; k++) {
    if (counts[k] === 0) continue;
    const p = counts[k] / total;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}
