import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';

/** A row of a Hub image dataset: the image's file bytes (null: a row without bytes) and its class. */
export interface HubRow {
  bytes: Uint8Array | null;
  path: string | null;
  label: number | null;
}

/**
 * Writes a Parquet file as Hugging Face `datasets` does for an image classification set: an `image` struct
 * {bytes, path}, an int64 `label`, the class names in the `huggingface` key-value metadata (none when
 * `classNames` is undefined: a file written by another tool). Written by hyparquet-writer (pyarrow, what
 * `datasets` uses, is not packaged for this Debian).
 */
export function writeHubParquet(
  file: string,
  rows: HubRow[],
  classNames: string[] | undefined,
  rowGroupSize = 7,
): void {
  parquetWriteFile({
    filename: file,
    columnData: [
      { name: 'image', data: rows.map((r) => (r.bytes || r.path ? { bytes: r.bytes, path: r.path } : null)) },
      { name: 'label', data: rows.map((r) => (r.label === null ? null : BigInt(r.label))) },
    ],
    schema: [
      { name: 'schema', num_children: 2 },
      { name: 'image', repetition_type: 'OPTIONAL', num_children: 2 },
      { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
      { name: 'path', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      { name: 'label', type: 'INT64', repetition_type: 'OPTIONAL' },
    ],
    kvMetadata: classNames && [
      {
        key: 'huggingface',
        value: JSON.stringify({
          info: {
            features: {
              image: { _type: 'Image' },
              label: { names: classNames, _type: 'ClassLabel' },
            },
          },
        }),
      },
    ],
    rowGroupSize,
  });
}

/** Rows holding the files of a folder (paths relative to it), labelled by their class's index. */
export function rowsOfFiles(
  folder: string,
  files: { file: string; className: string }[],
  classNames: string[],
): HubRow[] {
  return files.map(({ file, className }) => ({
    bytes: readFileSync(path.join(folder, file)),
    path: path.basename(file),
    label: classNames.indexOf(className),
  }));
}
