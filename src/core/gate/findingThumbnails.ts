import * as path from 'node:path';
import type { Sharp } from 'sharp';
import { sharpOfDecoded, thumbnailSource } from '../decode/thumbnailSource';
import type { DatasetReport, FileIssue } from '../engine/report';
import { isContainerLayout, MEMBER_SEPARATOR } from '../source/container';
import { decodeEntry, readMembers } from '../source/memberContents';
import type { Thumbnails } from './htmlReport';

const SIZE = 128;

/**
 * PNG thumbnails (at most 128 px) of the findings' files as data: URIs; a file that cannot be drawn gets none.
 * Members of a container source (`container#member`) are read from `source` itself, in one pass.
 */
export async function findingThumbnails(
  source: string,
  report: DatasetReport,
  findings: readonly FileIssue[],
): Promise<Thumbnails> {
  const files = [...new Set(findings.map((f) => f.file))];
  const inContainers = isContainerLayout(report.layout);
  const members = inContainers
    ? await readMembers(
        source,
        files.filter((f) => f.includes(MEMBER_SEPARATOR)),
      ).catch(() => new Map())
    : new Map();
  const thumbnails = new Map<string, string>();
  for (const file of files) {
    try {
      const entry = members.get(file);
      const image: Sharp = entry
        ? sharpOfDecoded(await decodeEntry(entry))
        : thumbnailSource(path.join(report.root, file));
      const png = await image
        .resize(SIZE, SIZE, { fit: 'inside', withoutEnlargement: true })
        .png()
        .toBuffer();
      thumbnails.set(file, `data:image/png;base64,${png.toString('base64')}`);
    } catch {
      // Corrupt, empty or unreadable: the card says "no picture"; the finding itself says why.
    }
  }
  return thumbnails;
}
