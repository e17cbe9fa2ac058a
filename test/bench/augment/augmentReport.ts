import { BUSY_LOAD } from '../measure/machineLoad';
import { fixed, formatRatio, grouped } from '../measure/stats';
import type { BenchSection, HistoryRow } from '../report/benchSection';
import { renderTable } from '../report/markdownTable';
import { dayOf, latestHeading, underLoadNote, UNDER_LOAD_NOTE } from '../report/runHeading';
import type { ExportComparison, ExportRun } from './exportCompare';
import { PREVIEW_GRID, type PreviewEditTimes } from './previewEdits';
import type { StepCosts } from './stepCosts';

export interface AugmentResult {
  date: Date;
  commit: string;
  /** 1-minute load average when the bench started: shown, not judged (it still counts a bench just ended). */
  loadAverageAtStart: number;
  /** Cores used by processes outside the measured tree during the export runs (median): what marks a run busy. */
  otherLoad: number;
  /** Sources of the generated set (its history table is named by it). */
  count: number;
  copies: number;
  reps: number;
  /** One comparison per set: the generated JPEGs, or each `--source` folder. */
  exports: ExportComparison[];
  /** CPU per step, timed in the bench's process, per set (empty with --step-sample 0). */
  stepCosts: SetStepCosts[];
  peerProblem: string | undefined;
  /** Empty with --no-preview. */
  preview: PreviewRun[];
}

/** The steps of each chain timed on one set. */
export interface SetStepCosts {
  set: string;
  chains: { chain: string; costs: StepCosts }[];
}

/** Preview edits timed on one data set (photos or small images). */
export type PreviewRun = PreviewEditTimes & { kind: 'photos' | 'small images' };

/** The targets for an edit to a new 10-class grid, in the job process. */
const PREVIEW_TARGET_MS: Record<PreviewRun['kind'], number> = { photos: 300, 'small images': 100 };

const rate = (run: ExportRun): number => run.written / run.seconds;

/** CPU milliseconds of the whole process tree per image written. */
const cpuMsPerImage = (run: ExportRun): number => (run.cpuS * 1000) / run.written;

function exportTable(comparison: ExportComparison): string {
  const rows = [
    ['dataset-lens augment (worker processes, one per core)', comparison.ours] as const,
    ...(comparison.peer ? [['peer: torchvision + PIL, 2 processes', comparison.peer] as const] : []),
  ].map(([name, r]) => [
    name,
    String(r.written),
    fixed(r.seconds, 2),
    fixed(rate(r), 0),
    fixed(r.wall, 2),
    fixed(r.cpuS, 2),
    fixed(cpuMsPerImage(r), 1),
    fixed(r.otherLoad, 2),
  ]);
  return renderTable(
    [
      'tool',
      'written',
      'seconds (inside)',
      'written/s',
      'wall s (with start-up)',
      'CPU s (all processes)',
      'CPU ms / image',
      'other load (cores)',
    ],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
}

/** peer CPU / our CPU per image: above 1, ours spends less CPU on an image (steadier than wall under load). */
const cpuRatio = (c: ExportComparison): string =>
  c.peer ? formatRatio(cpuMsPerImage(c.peer), cpuMsPerImage(c.ours)) : '-';

function summaryLines(result: AugmentResult, comparison: ExportComparison): string[] {
  if (!comparison.peer) return [`Peer unavailable: ${result.peerProblem}.`];
  return [
    `Ratio (ours / peer, written/s): ${formatRatio(rate(comparison.ours), rate(comparison.peer))} (goal ≥ 1.0x); ` +
      `CPU per image (peer / ours): ${cpuRatio(comparison)}.`,
  ];
}

function setHeading(result: AugmentResult, comparison: ExportComparison): string {
  return (
    `${comparison.set.label} (${comparison.sources} sources) x ${result.copies} copies, the peer's chain, ` +
    `median of ${result.reps} (alternating with the peer)`
  );
}

function exportBlocks(result: AugmentResult, bullet: string): string[] {
  return result.exports.flatMap((comparison) => [
    `${setHeading(result, comparison)}:`,
    '',
    exportTable(comparison),
    '',
    ...summaryLines(result, comparison).map((line) => bullet + line),
    '',
  ]);
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

/** One row per step (the union over the chains), then the steps one by one and as export applies them. */
function stepTable(set: SetStepCosts): string {
  const names = [...new Set(set.chains.flatMap(({ costs }) => costs.steps.map((s) => s.step)))];
  const cell = (costs: StepCosts, step: string) => {
    const found = costs.steps.find((s) => s.step === step);
    if (!found) return '-';
    return found.images < costs.sampled
      ? `${fixed(found.cpuMs, 2)} (${found.images} fired)`
      : fixed(found.cpuMs, 2);
  };
  const rows = [
    ...names.map((step) => [step, ...set.chains.map(({ costs }) => cell(costs, step))]),
    ['pipeline steps one by one (sum)', ...set.chains.map(({ costs }) => fixed(costs.oneByOneMs, 2))],
    ['pipeline steps as export applies them', ...set.chains.map(({ costs }) => fixed(costs.fusedMs, 2))],
  ];
  return renderTable(['step', ...set.chains.map(({ chain }) => `${chain}: CPU ms / image`)], rows, [
    'left',
    ...set.chains.map(() => 'right' as const),
  ]);
}

function stepBlocks(result: AugmentResult): string[] {
  return result.stepCosts.flatMap((set) => [
    `CPU per step, ${set.set}: ${set.chains[0]?.costs.sampled ?? 0} sources spread over the set, one output each, ` +
      'timed in one process (a step that did not fire on every output is averaged over the outputs it ran on); ' +
      "the peer's chain is the export's above, the issue's has rotate with reflect fill and bilinear interpolation.",
    '',
    stepTable(set),
    '',
  ]);
}

function previewBlock(result: AugmentResult): string[] {
  return result.preview.length
    ? [PREVIEW_HEADING, '', previewTable(result)]
    : ['Preview edits: not timed in this run (--no-preview).'];
}

export function printAugment(result: AugmentResult): void {
  console.log(
    [
      '',
      'Augmented export',
      '',
      ...exportBlocks(result, ''),
      ...stepBlocks(result),
      ...previewBlock(result),
    ].join('\n'),
  );
}

/** The history row of one set: the generated set keeps its table's columns, real data sets add CPU per image. */
function exportHistoryRow(result: AugmentResult, comparison: ExportComparison, note: string): HistoryRow {
  const { ours, peer } = comparison;
  const peerRate = peer ? rate(peer) : NaN;
  const ratio = peer ? `**${formatRatio(rate(ours), peerRate)}**` : '-';
  const start = [dayOf(result.date), result.commit, result.loadAverageAtStart.toFixed(2)];
  if (comparison.set.generated)
    return {
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
      // The 4x4 grid re-rendered by the CLI is no longer timed: preview edits have their own table.
      row: [...start, grouped(rate(ours)), grouped(peerRate), ratio, '-', '-', note],
      align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
    };
  return {
    table: `${comparison.set.label}, ${result.copies} copies, the peer's chain`,
    header: [
      'date',
      'commit',
      'load average',
      'sources',
      'ours, written/s',
      'torchvision + PIL, written/s',
      'ours / peer',
      'ours CPU ms / image',
      'peer CPU ms / image',
      'CPU: peer / ours',
      'note',
    ],
    row: [
      ...start,
      grouped(comparison.sources),
      grouped(rate(ours)),
      grouped(peerRate),
      ratio,
      fixed(cpuMsPerImage(ours), 1),
      peer ? fixed(cpuMsPerImage(peer), 1) : '-',
      cpuRatio(comparison),
      note,
    ],
    align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  };
}

/** The augmentation bench's part of BENCHMARKS.md: this run's tables and a history row per set. */
export function augmentSection(result: AugmentResult): BenchSection {
  const underLoad = result.otherLoad > BUSY_LOAD;
  const note = underLoadNote(result.otherLoad).join('') || '-';
  const latest = (run: number): string =>
    [
      latestHeading(run, result.date, result.commit),
      '',
      `Machine load: load average ${result.loadAverageAtStart.toFixed(2)} when the bench started; ` +
        `cores used by other processes during the exports (median): ${result.otherLoad.toFixed(2)}.`,
      ...(underLoad ? ['', UNDER_LOAD_NOTE] : []),
      '',
      ...exportBlocks(result, '- '),
      ...stepBlocks(result),
      ...previewBlock(result),
    ].join('\n');
  return {
    id: 'augment',
    title: 'Augmentation export (`npm run bench:augment`)',
    latest,
    history: [
      ...result.exports.map((comparison) => exportHistoryRow(result, comparison, note)),
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
