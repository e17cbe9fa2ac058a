import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { splitNameOf } from '../scan/formats';
import { messageOf } from '../util/errors';
import type { Container, ContainerSet, Member } from './container';
import { cardClassNames } from './hubCard';
import type { MemberContent } from './memberContent';

/** The columns Hugging Face `datasets` writes for an image classification set. */
const IMAGE_COLUMN = 'image';
const LABEL_COLUMN = 'label';

/** `train-00000-of-00001.parquet`, `validation-….parquet`: the split a Hub file name starts with. */
export function splitOfParquetName(name: string): string | undefined {
  const prefix = /^([a-z]+)(?=[-_.])/i.exec(name)?.[1];
  return prefix === undefined ? undefined : splitNameOf(prefix);
}

/**
 * Parquet files as the Hugging Face Hub serves image datasets: an `image` struct column {bytes, path} and an
 * integer `label` column whose class names are in the file's `huggingface` key-value metadata
 * (info.features.label.names), or else in the dataset card above them (see cardClassNames). Splits come from the
 * file names. A file whose footer cannot be read, or without an image column, is one issue (the container), read
 * no further; the others are read.
 */
export async function parquetContainers(root: string, names: readonly string[]): Promise<ContainerSet> {
  const classFolders = new Map<string, Set<string>>();
  const containers: Container[] = [];
  const warnings: string[] = [];
  const cards = new Set<string>();
  for (const name of [...names].sort()) {
    const absolute = path.join(root, name);
    const split = splitOfParquetName(path.posix.basename(name));
    const { mtimeMs } = await fsp.stat(absolute);
    const opened = await openParquet(absolute).catch((error: unknown) => new Error(messageOf(error)));
    if (!(opened instanceof Error)) {
      // Files written without `huggingface` metadata: the dataset card may name the classes.
      const card = opened.classNames ? undefined : await cardClassNames(path.dirname(absolute), LABEL_COLUMN);
      if (card) {
        opened.classNames = card.names;
        cards.add(card.card);
      }
      const classes = classFolders.get(split ?? '') ?? new Set<string>();
      for (const className of opened.classNames ?? []) classes.add(className);
      classFolders.set(split ?? '', classes);
    }
    containers.push({
      file: name,
      absolute,
      mtimeMs,
      split,
      members: () => parquetMembers(opened),
    });
  }
  const splitNames = [...new Set(containers.map((c) => c.split).filter((s): s is string => !!s))].sort();
  for (const card of cards) warnings.push(`class names from the dataset card ${card}`);
  if (splitNames.length && containers.some((c) => !c.split))
    warnings.push(
      `Parquet files whose names give no split (train-, test-, validation-) are read without one`,
    );
  // Without `huggingface` names in any file, the classes are the label column's numbers.
  const numberedClasses = ![...classFolders.values()].some((classes) => classes.size > 0);
  return { root, layout: 'parquet', containers, classFolders, splitNames, warnings, numberedClasses };
}

interface OpenedParquet {
  file: Awaited<ReturnType<typeof asyncBufferFromFile>>;
  metadata: FileMetaData;
  classNames?: string[];
}

async function openParquet(absolute: string): Promise<OpenedParquet> {
  const file = await asyncBufferFromFile(absolute);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new Error(`not a readable Parquet file: ${messageOf(error)}`, { cause: error });
  }
  const top = metadata.schema.slice(1).map((element) => element.name);
  if (!top.includes(IMAGE_COLUMN))
    throw new Error(`no "${IMAGE_COLUMN}" column (columns: ${top.join(', ') || 'none'})`);
  return { file, metadata, classNames: classNamesOf(metadata) };
}

/** features.label.names from the `huggingface` metadata (as `datasets` writes it: {info: {features}}). */
function classNamesOf(metadata: FileMetaData): string[] | undefined {
  const value = metadata.key_value_metadata?.find((kv) => kv.key === 'huggingface')?.value;
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(value) as { info?: { features?: Features }; features?: Features };
    const names = (parsed.info?.features ?? parsed.features)?.[LABEL_COLUMN]?.names;
    return Array.isArray(names) && names.every((n) => typeof n === 'string') ? names : undefined;
  } catch {
    return undefined;
  }
}
type Features = Record<string, { names?: unknown } | undefined>;

/** One row group at a time (a Hub image file's groups hold ~100 rows): the file is never read whole. */
async function* parquetMembers(opened: OpenedParquet | Error): AsyncGenerator<Member[]> {
  if (opened instanceof Error) throw opened;
  const { file, metadata, classNames } = opened;
  const hasLabel = metadata.schema.some((element) => element.name === LABEL_COLUMN);
  const columns = hasLabel ? [IMAGE_COLUMN, LABEL_COLUMN] : [IMAGE_COLUMN];
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({
        file,
        metadata,
        columns,
        rowStart,
        rowEnd,
        compressors,
        utf8: false,
      });
    } catch (error) {
      throw new Error(`rows ${rowStart}-${rowEnd - 1} cannot be read: ${messageOf(error)}`, {
        cause: error,
      });
    }
    yield rows.map((row, k) => ({
      member: String(rowStart + k),
      label: labelOf(row[LABEL_COLUMN], classNames),
      content: contentOf(row[IMAGE_COLUMN]),
    }));
    rowStart = rowEnd;
  }
}

/** The class name of a label value: its name when the metadata names classes; none for null or -1 (no label). */
function labelOf(value: unknown, classNames: string[] | undefined): string | undefined {
  if (typeof value !== 'number' && typeof value !== 'bigint') return undefined;
  const index = Number(value);
  if (index < 0) return undefined;
  return classNames?.[index] ?? String(index);
}

function contentOf(image: unknown): MemberContent {
  const bytes = (image as { bytes?: unknown } | null)?.bytes;
  if (bytes instanceof Uint8Array) return { kind: 'encoded', bytes };
  const where = (image as { path?: unknown } | null)?.path;
  const pathText = where instanceof Uint8Array ? Buffer.from(where).toString('utf8') : where;
  return {
    kind: 'absent',
    message:
      typeof pathText === 'string' && pathText
        ? `no image bytes in this row, only a path (${pathText}): not read`
        : 'no image in this row (null)',
  };
}
