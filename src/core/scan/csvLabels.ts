import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { UsageError } from '../util/errors';

export interface CsvLabels {
  /** Label (and optional split) per file path relative to the dataset root, '/'-separated. */
  byFile: Map<string, { label: string; split?: string }>;
  hadHeader: boolean;
}

const FILE_HEADERS = new Set([
  'file',
  'filename',
  'file_name',
  'path',
  'filepath',
  'image',
  'image_path',
  'img',
  'id',
]);
const LABEL_HEADERS = new Set(['label', 'class', 'category', 'target', 'y', 'class_name']);

/**
 * Reads a `file,label[,split]` CSV. The header row is optional: it is recognised when its first two cells are
 * known column names (file/path/image..., label/class/...), in which case a `split` column is also honoured.
 */
export async function readCsvLabels(csvPath: string): Promise<CsvLabels> {
  let text: string;
  try {
    text = await readFile(csvPath, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read labels file ${csvPath}: ${(error as Error).message}`);
  }
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, relax_column_count: true, trim: true, bom: true });
  } catch (error) {
    throw new UsageError(`Labels file ${csvPath} is not valid CSV: ${(error as Error).message}`);
  }
  const byFile = new Map<string, { label: string; split?: string }>();
  if (rows.length === 0) return { byFile, hadHeader: false };
  const first = rows[0].map((cell) => cell.toLowerCase());
  const hadHeader = FILE_HEADERS.has(first[0]) && LABEL_HEADERS.has(first[1] ?? '');
  const splitColumn = hadHeader ? first.indexOf('split') : -1;
  for (let i = hadHeader ? 1 : 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.length < 2 || row[0] === '') {
      throw new UsageError(
        `Labels file ${csvPath}, line ${i + 1}: expected "file,label" but received ${JSON.stringify(row.join(','))}`,
      );
    }
    const file = row[0].replace(/\\/g, '/').replace(/^\.\//, '');
    byFile.set(file, { label: row[1], split: splitColumn >= 0 ? row[splitColumn] || undefined : undefined });
  }
  return { byFile, hadHeader };
}
