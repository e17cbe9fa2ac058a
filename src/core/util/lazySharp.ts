import type sharpType from 'sharp';

let loaded: typeof sharpType | undefined;
let cacheOff = false;

/**
 * sharp, loaded on first use. The CLI's and the engine's main processes only scan and aggregate (decoding runs in
 * workers), so a top-level import would cost every run libvips' load time and memory for nothing.
 */
export const sharp: typeof sharpType = ((...args: Parameters<typeof sharpType>) => {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require('sharp') as typeof sharpType;
    if (cacheOff) loaded.cache(false);
  }
  return loaded(...args);
}) as typeof sharpType;

/**
 * Turns libvips' operation cache off (by default up to 50 MB): an analysis reads each file once, so the cache only
 * holds memory. Takes effect when sharp loads.
 */
export function disableSharpCache(): void {
  cacheOff = true;
  loaded?.cache(false);
}
