/** File extensions (lower case, with dot) that the scan treats as image candidates. */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.jpg',
  '.jpeg',
  '.png',
  '.webp',
  '.gif',
  '.tif',
  '.tiff',
  '.avif',
  '.bmp',
]);

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

export function isImageName(name: string): boolean {
  return IMAGE_EXTENSIONS.has(extensionOf(name));
}

/** Folder names recognised as dataset splits (case-insensitive), mapped to a canonical name. */
const SPLIT_NAMES: Record<string, string> = {
  train: 'train',
  training: 'train',
  val: 'val',
  valid: 'val',
  validation: 'val',
  test: 'test',
  testing: 'test',
};

export function splitNameOf(folder: string): string | undefined {
  return SPLIT_NAMES[folder.toLowerCase()];
}
