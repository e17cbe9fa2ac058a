/**
 * Which file names are containers Dataset Lens reads, by name alone. Kept apart from the readers so that code
 * which only asks "is this a container?" (the extension's pickers and menus) does not bundle hyparquet or tar-stream.
 */

/** MNIST idx files as downloaded: `train-images-idx3-ubyte.gz`, `t10k-labels-idx1-ubyte`, `…-images.idx3-ubyte`. */
export const IDX_IMAGES_NAME = /^(.+?)-images[-.]idx3-ubyte(\.gz)?$/;
export const IDX_LABELS_NAME = /^(.+?)-labels[-.]idx1-ubyte(\.gz)?$/;

export function isIdxName(name: string): boolean {
  return IDX_IMAGES_NAME.test(name) || IDX_LABELS_NAME.test(name);
}

/** The download prefix an idx file shares with its pair (`train` of `train-images-idx3-ubyte.gz`). */
export function idxPrefix(name: string): string | undefined {
  return (IDX_IMAGES_NAME.exec(name) ?? IDX_LABELS_NAME.exec(name))?.[1];
}

export function isParquetName(name: string): boolean {
  return name.toLowerCase().endsWith('.parquet');
}

export function isTarName(name: string): boolean {
  return /\.(tar|tar\.gz|tgz)$/i.test(name);
}

/** Whether a file is named like a container Dataset Lens reads (Parquet, tar shard, MNIST idx). */
export function isContainerName(name: string): boolean {
  return isParquetName(name) || isTarName(name) || isIdxName(name);
}
