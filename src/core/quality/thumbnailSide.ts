/**
 * Longest side of the grey thumbnail used for blur (imageMeasures); the WebAssembly sampling grid sizes its
 * memory by it. Its own module so that both can import it without importing each other.
 */
export const THUMBNAIL_SIDE = 128;
