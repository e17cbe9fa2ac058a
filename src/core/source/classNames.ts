import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { UsageError, fileErrorMessage } from '../util/errors';
import type { ClassNamesOption } from '../scan/scanPlan';
import type { ContainerSet, Member } from './container';

/**
 * The file beside the containers that names their numbered classes (one name a line, line k names class k), as
 * many datasets ship it; `--class-names FILE` names another. Without either, the classes of an idx file (of a
 * Parquet file without `huggingface` names, of WebDataset shards labelled by number) are their label numbers, which say nothing of the images: class 6 of
 * Fashion-MNIST is a shirt, not a six.
 */
export const CLASS_NAMES_FILE = 'classes.txt';

/** What a report of numbered classes says: that they are numbers, and the three ways to name them. */
export function numberedClassesWarning(layout: string): string {
  const source = NUMBERED_SOURCES[layout] ?? `${layout} files`;
  return `class names are label numbers (${source} hold no class names): name them in ${CLASS_NAMES_FILE} beside the files (one name a line, line k names class k), with --class-names FILE (CLI) or the datasetLens.classNamesFile setting (panel)`;
}

const NUMBERED_SOURCES: Record<string, string> = {
  idx: 'idx labels files',
  parquet: 'these Parquet files',
  webdataset: "the shards' .cls files",
};

/** Names from `file`: one a line, blank lines at the end ignored; empty or repeated names stop the run. */
export function readClassNames(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Class names file ${file}: ${fileErrorMessage(error)}`);
  }
  const names = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.trim());
  while (names.length && names[names.length - 1] === '') names.pop();
  if (!names.length) throw new UsageError(`Class names file ${file} names no class (one name a line)`);
  const blank = names.indexOf('');
  if (blank >= 0) throw new UsageError(`Class names file ${file}: line ${blank + 1} is empty`);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new UsageError(`Class names file ${file} names "${name}" twice`);
    seen.add(name);
  }
  return names;
}

/**
 * `set` with its numbered classes named: from `given`, else from CLASS_NAMES_FILE beside the containers when
 * there is one. A set whose classes are names already is returned as it is (see ClassNamesOption). A label number the file does not name stops the run when the
 * plan knows it (idx labels are read first); one met while reading leaves its image unlabelled, saying why.
 */
export function withClassNames(set: ContainerSet, given?: ClassNamesOption): ContainerSet {
  if (!set.numberedClasses) {
    if (typeof given === 'string')
      throw new UsageError(`--class-names does not apply: the ${set.layout} files name their classes`);
    return set;
  }
  const sidecar = path.join(set.root, CLASS_NAMES_FILE);
  const file =
    (typeof given === 'string' ? given : given?.file) ?? (existsFile(sidecar) ? sidecar : undefined);
  if (!file) return { ...set, warnings: [...set.warnings, numberedClassesWarning(set.layout)] };
  const names = readClassNames(file);
  const nameOf = (label: string) => names[Number(label)];
  for (const classes of set.classFolders.values()) {
    const unnamed = [...classes].filter((label) => nameOf(label) === undefined);
    if (unnamed.length)
      throw new UsageError(
        `${file} names ${names.length} classes (0-${names.length - 1}); the labels also hold ${unnamed.join(', ')}`,
      );
  }
  const named = (member: Member): Member => {
    if (member.label === undefined) return member;
    const name = nameOf(member.label);
    if (name !== undefined) return { ...member, label: name };
    return {
      member: member.member,
      content: member.content,
      labelIssue: `label ${member.label} is not named in ${path.basename(file)} (${names.length} names)`,
    };
  };
  return {
    ...set,
    numberedClasses: false,
    classFolders: new Map(
      [...set.classFolders].map(([split, classes]) => [split, new Set([...classes].map(nameOf))]),
    ),
    containers: set.containers.map((container) => ({
      ...container,
      members: async function* () {
        for await (const chunk of container.members()) yield chunk.map(named);
      },
    })),
    warnings: [...set.warnings, `class names from ${file}`],
  };
}

function existsFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
