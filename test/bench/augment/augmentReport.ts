import { BUSY_LOAD } from '../measure/machineLoad';
import { fixed, formatRatio, grouped } from '../measure/stats';
import type { BenchSection } from '../report/benchSection';
import { renderTable } from '../report/markdownTable';
import { dayOf, latestHeading, underLoadNote, UNDER_LOAD_NOTE } from '../report/runHeading';
import { PREVIEW_GRID, type PreviewEditTimes } from './previewEdits';

/** One export: images written, the tool's own seconds, and wall seconds from spawn to exit. */
export interface ExportRun {
  written: number;
  seconds: number;
  wall: number;
}

export interface AugmentResult {
  date: Date;
  commit: string;
  /** 1-minute load average when the bench started: shown, not judged (it still counts a bench just ended). */
  loadAverageAtStart: number;
  /** Cores used by processes outside the measured tree during the export runs (median): what marks a run busy. */
  otherLoad: number;
  count: number;
  copies: number;
  reps: number;
  /** The run with the median written/s. */
  ours: ExportRun;
  peer: ExportRun | undefined;
  peerProblem: string | undefined;
  preview: PreviewRun[];
}

/** Preview edits timed on one data set (photos or small images). */
export type PreviewRun = PreviewEditTimes & { kind: 'photos' | 'small images' };

/** The targets for an edit to a new 10-class grid, in the job process. */
const PREVIEW_TARGET_MS: Record<PreviewRun['kind'], number> = { photos: 300, 'small images': 100 };

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
  return [
    result.peer
      ? `Ratio (ours / peer, written/s): ${formatRatio(rate(result.ours), rate(result.peer))} (goal ≥ 1.0x).`
      : `Peer unavailable: ${result.peerProblem}.`,
  ];
}

const EDITED = ['last', 'middle', 'first'] as const;

/** The slowest median over the edited steps: the figure held to the target. */
const slowestEdit = (run: PreviewRun) => Math.max(...EDITED.map((step) => run.edits[step].ms));

function previewTable(result: AugmentResult): string {
  const rows = result.preview.map((run) => [
    `${run.kind}: ${run.set}`,
    fixed(run.firstMs, 0),
    ...EDITED.map((step) => `${fixed(run.edits[step].ms, 0)} (${fixed(run.edits[step].cpuMs, 0)})`),
    `< ${PREVIEW_TARGET_MS[run.kind]}: ${slowestEdit(run) < PREVIEW_TARGET_MS[run.kind] ? 'met' : 'not met'}`,
  ]);
  return renderTable(
    [
      'data set',
      'first grid ms',
      'edit last step ms (CPU)',
      'edit rotate ms (CPU)',
      'edit first step ms (CPU)',
      'target ms',
    ],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'left'],
  );
}

const PREVIEW_HEADING =
  `Preview edits in the extension's job process: ${PREVIEW_GRID.classes} classes x (original + ` +
  `${PREVIEW_GRID.variants} variants), ${PREVIEW_GRID.cellSize} px cells, the chain randomResizedCrop, flip, rotate ` +
  "(reflect), brightness; median ms from the request to the encoded cells, and the job process's CPU ms, per edited step.";

function heading(result: AugmentResult): string {
  return `${result.count} JPEG 256x256 sources x ${result.copies} copies, same chain, median of ${result.reps}`;
}

export function printAugment(result: AugmentResult): void {
  console.log(
    [
      '',
      `Augmented export: ${heading(result)}`,
      exportTable(result),
      '',
      ...summaryLines(result),
      '',
      PREVIEW_HEADING,
      previewTable(result),
    ].join('\n'),
  );
}

/** The augmentation bench's part of BENCHMARKS.md: this run's table and a history row. */
export function augmentSection(result: AugmentResult): BenchSection {
  const underLoad = result.otherLoad > BUSY_LOAD;
  const note = underLoadNote(result.otherLoad).join('') || '-';
  const latest = (run: number): string =>
    [
      latestHeading(run, result.date, result.commit),
      '',
      `${heading(result)}. Machine load: load average ${result.loadAverageAtStart.toFixed(2)} when the bench started; ` +
        `cores used by other processes during the exports (median): ${result.otherLoad.toFixed(2)}.`,
      ...(underLoad ? ['', UNDER_LOAD_NOTE] : []),
      '',
      exportTable(result),
      '',
      ...summaryLines(result).map((line) => `- ${line}`),
      '',
      PREVIEW_HEADING,
      '',
      previewTable(result),
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
          // The 4x4 grid re-rendered by the CLI is no longer timed: preview edits have their own table.
          '-',
          '-',
          note,
        ],
        align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
      },
      ...result.preview.map((run) => ({
        table: `Preview edit, ${PREVIEW_GRID.classes}-class grid of ${PREVIEW_GRID.cellSize} px cells, job process`,
        header: [
          'date',
          'commit',
          'load average',
          'data set',
          'first ms',
          'edit ms (slowest step)',
          'job CPU ms',
          'target ms',
          'note',
        ],
        row: [
          dayOf(result.date),
          result.commit,
          result.loadAverageAtStart.toFixed(2),
          `${run.kind}: ${run.set}`,
          fixed(run.firstMs, 0),
          fixed(slowestEdit(run), 0),
          fixed(Math.max(...EDITED.map((step) => run.edits[step].cpuMs)), 0),
          `< ${PREVIEW_TARGET_MS[run.kind]}`,
          note,
        ],
        align: ['left', 'left', 'right', 'left', 'right', 'right', 'right', 'left', 'left'] as const,
      })),
    ],
  };
}
