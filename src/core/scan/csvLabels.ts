import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { UsageError } from '../util/errors';
import { splitNameOf } from './formats';

export interface CsvRow {
  label: string;
  split?: string;
}

export interface CsvLabels {
  /** Label (and optional split) per file path relative to the dataset root, '/'-separated. */
  byFile: Map<string, CsvRow>;
  /**
   * Files whose rows cannot be used as written (rows that disagree, an empty label), with the reason: they are
   * left unlabelled and each is reported, rather than one of their rows chosen unsaid.
   */
  rejected: Map<string, string>;
  /** What the whole file made us do: a third column read or left without a header, rows repeated. */
  warnings: string[];
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

/** A data row: its line in the file (for messages), file, label and split. */
interface Row extends CsvRow {
  line: number;
  file: string;
}

/**
 * Reads a `file,label[,split]` CSV. The header row is optional: it is recognised when its first two cells are
 * known column names (file/path/image..., label/class/...), in which case a `split` column is also honoured.
 * Without a header, a third column is read as the split when every value in it names one (train, val, test...),
 * and is otherwise left out; either way a warning says so. A file listed twice with the same label counts once
 * (a warning); rows of one file that disagree, or an empty label, leave that file unlabelled (`rejected`).
 */
export async function readCsvLabels(csvPath: string): Promise<CsvLabels> {
  let text: string;
  try {
    text = await readFile(csvPath, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read labels file ${csvPath}: ${(error as Error).message}`);
  }
  let records: string[][];
  // The line each record ends on, for messages (csv-parse's `info` would keep eleven fields per row).
  const lines: number[] = [];
  try {
    records = parse(text, {
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      bom: true,
      on_record: (record: string[], context: { lines: number }) => {
        lines.push(context.lines);
        return record;
      },
    });
  } catch (error) {
    throw new UsageError(`Labels file ${csvPath} is not valid CSV: ${(error as Error).message}`);
  }
  const labels: CsvLabels = { byFile: new Map(), rejected: new Map(), warnings: [], hadHeader: false };
  if (records.length === 0) return labels;
  const first = records[0].map((cell) => cell.toLowerCase());
  labels.hadHeader = FILE_HEADERS.has(first[0]) && LABEL_HEADERS.has(first[1] ?? '');
  const skip = labels.hadHeader ? 1 : 0;
  const data = records.slice(skip);
  const splitColumn = labels.hadHeader ? first.indexOf('split') : thirdColumnAsSplit(data, labels.warnings);
  const rows: Row[] = data.map((record, i) => {
    const line = lines[i + skip];
    if (record.length < 2 || record[0] === '') {
      throw new UsageError(
        `Labels file ${csvPath}, line ${line}: expected "file,label" but received ${JSON.stringify(record.join(','))}`,
      );
    }
    const split = splitColumn >= 0 ? record[splitColumn] || undefined : undefined;
    return { line, file: record[0].replace(/\\/g, '/').replace(/^\.\//, ''), label: record[1], split };
  });
  decideRows(rows, labels);
  return labels;
}

/**
 * The column to read splits from in a file without a header: the third, when every value given in it is a split
 * name; -1 otherwise. Says which in `warnings` when there is a third column at all.
 */
function thirdColumnAsSplit(records: string[][], warnings: string[]): number {
  const values = new Set(records.map((r) => r[2] ?? '').filter((v) => v !== ''));
  if (values.size === 0) return -1;
  const shown = [...values].slice(0, 5).join(', ') + (values.size > 5 ? ', ...' : '');
  if ([...values].every((v) => splitNameOf(v) !== undefined)) {
    warnings.push(
      `The labels file has no header row: its third column was read as the split (${shown}). Add a header ` +
        '"file,label,split" to say so.',
    );
    return 2;
  }
  warnings.push(
    `The labels file has no header row: its third column (${shown}) was ignored, as its values are not split ` +
      'names. Add a header "file,label,split" to read it as the split.',
  );
  return -1;
}

/** Sorts the rows into labels, rejections and a warning about repeated rows (see readCsvLabels). */
function decideRows(rows: Row[], labels: CsvLabels): void {
  const firstRows = new Map<string, Row>();
  // Only for files listed more than once: a list per file of a million would cost more than the labels.
  const moreRows = new Map<string, Row[]>();
  for (const row of rows) {
    const first = firstRows.get(row.file);
    if (!first) firstRows.set(row.file, row);
    else if (moreRows.has(row.file)) moreRows.get(row.file)!.push(row);
    else moreRows.set(row.file, [first, row]);
  }
  const repeated: string[] = [];
  for (const [file, row] of firstRows) {
    const list = moreRows.get(file);
    if (!list) {
      if (row.label === '')
        labels.rejected.set(
          file,
          `the labels file gives it an empty label (line ${row.line}): left unlabelled`,
        );
      else labels.byFile.set(file, { label: row.label, split: row.split });
      continue;
    }
    const lines = list.map((r) => r.line).join(', ');
    const labelsGiven = new Set(list.map((r) => r.label));
    const splitsGiven = new Set(list.map((r) => r.split ?? ''));
    if (labelsGiven.size > 1 || splitsGiven.size > 1) {
      const what = labelsGiven.size > 1 ? 'labels' : 'splits';
      const values = [...(labelsGiven.size > 1 ? labelsGiven : splitsGiven)].map((v) => JSON.stringify(v));
      labels.rejected.set(
        file,
        `listed ${list.length} times in the labels file (lines ${lines}) with different ${what} ` +
          `(${values.join(', ')}): left unlabelled rather than one picked`,
      );
    } else if (row.label === '') {
      labels.rejected.set(file, `the labels file gives it an empty label (lines ${lines}): left unlabelled`);
    } else {
      labels.byFile.set(file, { label: row.label, split: row.split });
      if (list.length > 1) repeated.push(`${file} (lines ${lines})`);
    }
  }
  if (repeated.length) {
    const shown = repeated.slice(0, 3).join('; ') + (repeated.length > 3 ? '; ...' : '');
    labels.warnings.push(
      `${repeated.length} file(s) are listed more than once in the labels file with the same label, and ` +
        `counted once: ${shown}`,
    );
  }
}
