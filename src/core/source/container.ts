import type { ExcludeList } from '../scan/excludeList';
import type { FileEntry, Layout, ScanPlan } from '../scan/scanPlan';
import type { WalkCounters } from '../scan/walk';
import { fileErrorMessage } from '../util/errors';
import { memberSize, type MemberContent } from './memberContent';

/** Separates a container's name from its member's in a file name: `train.parquet#12`, `shard-000.tar#a/01.jpg`. */
export const MEMBER_SEPARATOR = '#';

/** The layouts whose images are containers' members (`container#member`), read from the source, not a path. */
export function isContainerLayout(layout: string): boolean {
  return layout === 'idx' || layout === 'parquet' || layout === 'webdataset';
}

/** One image of a container, in the container's order. */
export interface Member {
  /** Its name within the container (a row number, a tar member's name). */
  member: string;
  label?: string;
  /** Why its label cannot be used (a label file that gives none): the member is unlabelled and says so. */
  labelIssue?: string;
  content: MemberContent;
}

/** A file holding images: a Parquet file, a WebDataset shard, an MNIST idx pair. */
export interface Container {
  /** Path below the plan's root, '/'-separated (what reports show before the `#`). */
  file: string;
  /** Absolute path of the file to open. */
  absolute: string;
  /** The container's mtime: its members change only when it does (it keys their cache records). */
  mtimeMs: number;
  split?: string;
  /**
   * The container's images in order, a chunk at a time, read as a stream. Throws (a plain Error with a message
   * for the user) when the container turns out damaged: the members read until then stay.
   */
  members(): AsyncGenerator<Member[]>;
}

/** The containers of a source, with what the plan says about them before any is read. */
export interface ContainerSet {
  root: string;
  layout: Layout;
  containers: Container[];
  /** Class names by split ('' without splits), as far as they are known before reading. */
  classFolders: Map<string, Set<string>>;
  splitNames: string[];
  warnings: string[];
  /** The class names are label numbers, not names (see CLASS_NAMES_FILE): no rule may read them as digits. */
  numberedClasses?: boolean;
}

/** The file name a member is reported under. */
export function memberFile(container: string, member: string): string {
  return `${container}${MEMBER_SEPARATOR}${member}`;
}

/**
 * A scan plan over containers: entries carry their member's bytes (FileEntry.content), their size and their
 * container's mtime (nothing to stat). A container that fails while it is read is one `unlistable` issue, named
 * by the container, saying why; the others are read on.
 */
export function containerPlan(set: ContainerSet, exclude?: ExcludeList): ScanPlan {
  const entryChunks = async function* (counters: WalkCounters): AsyncGenerator<FileEntry[]> {
    // An excluded container is not read at all (so its members are not counted as excluded).
    for (const container of set.containers.filter((c) => !exclude?.excludes(c.file))) {
      try {
        for await (const all of container.members()) {
          const members = exclude
            ? all.filter((m) => !exclude.excludes(memberFile(container.file, m.member)))
            : all;
          counters.excluded += all.length - members.length;
          if (!members.length) continue;
          yield members.map((m) => {
            const entry: FileEntry = {
              file: memberFile(container.file, m.member),
              open: container.absolute,
              size: memberSize(m.content),
              mtimeMs: container.mtimeMs,
              label: m.label,
              split: container.split,
              member: true,
              content: m.content,
            };
            if (m.labelIssue !== undefined) entry.labelIssue = m.labelIssue;
            if (m.label !== undefined) classesOf(set, container.split).add(m.label);
            return entry;
          });
        }
      } catch (error) {
        counters.unlistable.push({ file: container.file, message: fileErrorMessage(error) });
      }
    }
  };
  return {
    root: set.root,
    layout: set.layout,
    classFolders: set.classFolders,
    splitNames: set.splitNames,
    warnings: set.warnings,
    excludePatterns: exclude?.patterns ?? [],
    ...(set.numberedClasses ? { numberedClasses: true } : {}),
    stamped: true,
    missingFromDisk: () => [],
    entryChunks,
    async *entries(counters) {
      for await (const chunk of entryChunks(counters)) yield* chunk;
    },
  };
}

function classesOf(set: ContainerSet, split: string | undefined): Set<string> {
  const key = split ?? '';
  let classes = set.classFolders.get(key);
  if (!classes) set.classFolders.set(key, (classes = new Set()));
  return classes;
}
