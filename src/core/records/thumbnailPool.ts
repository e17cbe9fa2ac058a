import { NEAR_THUMBNAIL_SIDE } from '../quality/nearThumbnail';

/** Bytes of one image's near-duplicate thumbnail (ImageMeasures.thumbnail). */
export const THUMBNAIL_BYTES = NEAR_THUMBNAIL_SIDE * NEAR_THUMBNAIL_SIDE;

/**
 * Thumbnails of several images end to end, in order, in one array (what goes through a worker's pipe and into a
 * cache frame): one typed array to copy instead of one per image. Throws on a thumbnail of another size, which
 * reading back could not place.
 */
export function pooledThumbnails(images: readonly { file: string; thumbnail: Uint8Array }[]): Uint8Array {
  const pooled = new Uint8Array(images.length * THUMBNAIL_BYTES);
  images.forEach((image, k) => {
    if (image.thumbnail.length !== THUMBNAIL_BYTES)
      throw new Error(
        `${image.file}: a thumbnail of ${image.thumbnail.length} bytes, not ${THUMBNAIL_BYTES}`,
      );
    pooled.set(image.thumbnail, k * THUMBNAIL_BYTES);
  });
  return pooled;
}

/** Thumbnail `k` of a pooled array, as a view (no copy). */
export function pooledThumbnail(pooled: Uint8Array, k: number): Uint8Array {
  return pooled.subarray(k * THUMBNAIL_BYTES, (k + 1) * THUMBNAIL_BYTES);
}
