import { BUSY_LOAD_AVERAGE } from '../measure/machineLoad';
import { fixed, formatRatio, grouped } from '../measure/stats';
import type { BenchSection } from '../report/benchSection';
import { renderTable } from '../report/markdownTable';
import { dayOf, latestHeading, UNDER_LOAD_NOTE } from '../report/runHeading';

/** One export: images written, the tool's own seconds, and wall seconds from spawn to exit. */
export interface ExportRun {
  written: number;
  seconds: number;
  wall: number;
}

export interface AugmentResult {
  date: Date;
  commit: string;
  loadAverageAtStart: number;
  count: number;
  copies: number;
  reps: number;
  /** The run with the median written/s. */
  ours: ExportRun;
  peer: ExportRun | undefined;
  peerProblem: string | undefined;
  previewMs: number[];
  previewWarmMedianMs: number;
}

const PREVIEW_TARGET_MS = 150;

const rate = (run: ExportRun): number => run.written / run.seconds;

function exportTable(result: AugmentResult): string {
  const rows = [
    ['dataset-lens augment (worker processes, one per core)', result.ours] as const,
    ...(result.peer ? [['peer: torchvision + PIL, 2 processes', result.peer] as const] : []),
  ].map(([name, r]) => [name, String(r.written), fixed(r.seconds, 2), fixed(rate(r), 0), fixed(r.wall, 2)]);
  return renderTable(['tool', 'written', 'seconds (inside)', 'written/s', 'wall s (with start-up)'], rows, [
    'left',
    'right',
    'right',
    'right',
    'right',
  ]);
}

function summaryLines(result: AugmentResult): string[] {
  const warm = result.previewWarmMedianMs;
  return [
    result.peer
      ? `Ratio (ours / peer, written/s): ${formatRatio(rate(result.ours), rate(result.peer))} (goal ≥ 1.0x).`
      : `Peer unavailable: ${result.peerProblem}.`,
    `Preview 4x4 grid of 256 px (4 classes x (original + 3 variants)), in one process: first ${fixed(result.previewMs[0], 0)} ms, ` +
      `warm median ${fixed(warm, 0)} ms (target < ${PREVIEW_TARGET_MS} ms).`,
  ];
}

function heading(result: AugmentResult): string {
  return `${result.count} JPEG 256x256 sources x ${result.copies} copies, same chain, median of ${result.reps}`;
}

export function printAugment(result: AugmentResult): void {
  console.log(
    ['', `Augmented export: ${heading(result)}`, exportTable(result), '', ...summaryLines(result)].join('\n'),
  );
}

/** The augmentation bench's part of BENCHMARKS.md: this run's table and a history row. */
export function augmentSection(result: AugmentResult): BenchSection {
  const underLoad = result.loadAverageAtStart > BUSY_LOAD_AVERAGE;
  const latest = (run: number): string =>
    [
      latestHeading(run, result.date, result.commit),
      '',
      `${heading(result)}. Machine load: load average ${result.loadAverageAtStart.toFixed(2)} when the bench started.`,
      ...(underLoad ? ['', UNDER_LOAD_NOTE] : []),
      '',
      exportTable(result),
      '',
      ...summaryLines(result).map((line) => `- ${line}`),
    ].join('\n');
  const peerRate = result.peer ? rate(result.peer) : NaN;
  return {
    id: 'augment',
    title: 'Augmentation export (`npm run bench:augment`)',
    latest,
    history: [
      {
        table: `${result.count} JPEGs 256x256, ${result.copies} copies, the peer's chain`,
        header: [
          'date',
          'commit',
          'load average',
          'ours, written/s',
          'torchvision + PIL, written/s',
          'ours / peer',
          'preview warm ms',
          'preview first ms',
          'note',
        ],
        row: [
          dayOf(result.date),
          result.commit,
          result.loadAverageAtStart.toFixed(2),
          grouped(rate(result.ours)),
          grouped(peerRate),
          result.peer ? `**${formatRatio(rate(result.ours), peerRate)}**` : '-',
          fixed(result.previewWarmMedianMs, 0),
          fixed(result.previewMs[0], 0),
          underLoad ? 'under load' : '-',
        ],
        align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
      },
    ],
  };
}
