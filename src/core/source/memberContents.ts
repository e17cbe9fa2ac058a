import type { DecodedImage } from '../decode/decodedImage';
import { decodeImage, type DecodeOptions } from '../decode/decodeImage';
import { planScan } from '../scan/scanDataset';
import type { FileEntry, ScanPlan } from '../scan/scanPlan';
import { emptyCounters } from '../scan/walk';
import { decodeMember } from './memberContent';

/** Why a listed member has no bytes: its container was read again and no longer holds it. */
export const MEMBER_NOT_HELD = 'its container no longer holds it';

/** The image of an entry: a member's bytes (read with it, or by withMemberContents), or its file. */
export function decodeEntry(entry: FileEntry, options: DecodeOptions = {}): Promise<DecodedImage> {
  if (entry.content) return decodeMember(entry.content, options);
  if (entry.member) return Promise.reject(new Error(MEMBER_NOT_HELD));
  return decodeImage(entry.open, options);
}

/**
 * `entries` of a listing of `source`, each member given its bytes (`content`), read in one pass over their
 * containers: files first, as listed, then members in their containers' order, each as soon as it is read. A
 * listing keeps members without their bytes (a container is never held whole); callers take them from here, a
 * few at a time. A member its container no longer holds comes last, without bytes (decodeEntry says so).
 */
export async function* withMemberContents(
  source: string | ScanPlan,
  entries: readonly FileEntry[],
): AsyncGenerator<FileEntry> {
  const wanted = new Map<string, FileEntry>();
  for (const entry of entries) {
    if (entry.member && !entry.content) wanted.set(entry.file, entry);
    else yield entry;
  }
  if (!wanted.size) return;
  const plan = typeof source === 'string' ? await planScan(source) : source;
  for await (const chunk of plan.entryChunks(emptyCounters())) {
    for (const read of chunk) {
      const entry = wanted.get(read.file);
      if (!entry) continue;
      wanted.delete(read.file);
      entry.content = read.content;
      yield entry;
      if (!wanted.size) return;
    }
  }
  yield* wanted.values();
}

/** All of `entries` with their bytes (for a sample: a preview's or a probe's few hundred images). */
export async function fillMemberContents(
  source: string | ScanPlan,
  entries: readonly FileEntry[],
): Promise<void> {
  for await (const entry of withMemberContents(source, entries)) void entry;
}

/** The members named `files` (container#member) of `source`, with their bytes; names not found are left out. */
export async function readMembers(source: string, files: readonly string[]): Promise<Map<string, FileEntry>> {
  const wanted = files.map((file) => ({ file, open: '', size: -1, mtimeMs: 0, member: true }) as FileEntry);
  const found = new Map<string, FileEntry>();
  for await (const entry of withMemberContents(source, wanted))
    if (entry.content) found.set(entry.file, entry);
  return found;
}
