import { BUSY_LOAD } from '../measure/machineLoad';
import { PSS_EVERY } from '../measure/treeSampler';
import { SAMPLE_EVERY_MS } from '../measure/measureRun';
import { fixed, formatRatio, grouped, median } from '../measure/stats';
import type { BenchSection, HistoryRow } from '../report/benchSection';
import { renderTable, type Align } from '../report/markdownTable';
import { dayOf, latestHeading, underLoadNote, UNDER_LOAD_NOTE } from '../report/runHeading';
import type { SetResult, ToolSummary } from './runSet';
import { PEER_PLAIN, PEER_QUALITY } from './tools';

/** What a run of the analysis bench was, besides its results. */
export interface RunContext {
  date: Date;
  commit: string;
  reps: number;
  cores: number;
  node: string;
  sharp: string;
  /**
   * 1-minute load average when the bench started, before it ran anything: shown, not judged (it still counts a bench
   * that has just ended). Whether the run was disturbed is the measured other load (BUSY_LOAD).
   */
  loadAverageAtStart: number;
  peerProblem: string | undefined;
}

const HEADER = [
  'dataset',
  'tool',
  'images',
  'images/s',
  'wall s',
  'in-tool s',
  'CPU s',
  'CPU µs/img',
  'peak RSS MB',
  'peak PSS MB',
  'procs',
  'other load',
  'ours/peer',
];
const ALIGN: Align[] = ['left', 'left', ...HEADER.slice(2).map((): Align => 'right')];

/** One row per set and tool; peer rows carry our run without cache over that peer. */
export function resultsTable(results: readonly SetResult[]): string {
  const rows = results.flatMap(({ set, tools }) => {
    const ours = tools[0];
    return tools.map((t) => [
      set.name,
      t.tool,
      String(t.images),
      fixed(t.imagesPerS, 0),
      fixed(t.wallMs / 1000, 2),
      fixed(t.selfMs / 1000, 2),
      fixed(t.cpuS, 2),
      fixed((t.cpuS * 1e6) / t.images, 0),
      fixed(t.peakRssMb, 0),
      fixed(t.peakPssMb, 0),
      String(t.processes),
      fixed(t.otherLoad, 2),
      t.ours ? '-' : formatRatio(ours.imagesPerS, t.imagesPerS),
    ]);
  });
  return renderTable(HEADER, rows, ALIGN);
}

/** What the columns mean. */
export function legend(context: RunContext, results: readonly SetResult[]): string[] {
  const monitor = Math.max(0, ...results.flatMap((r) => r.tools.map((t) => t.monitorShare)));
  return [
    'wall s: spawn to exit, including start-up (Node + bundle + sharp; Python + numpy + cv2).',
    "in-tool s: the tool's own timer (ours includes the folder scan; the peer's excludes start-up and listing).",
    `peak RSS/PSS MB: max over runs of the memory of the process and all its descendants. RSS counts shared pages once per process, PSS splits them. RSS sampled every ${SAMPLE_EVERY_MS} ms, PSS every ${SAMPLE_EVERY_MS * PSS_EVERY} ms and on RSS highs.`,
    'CPU s: user + system of the tool and every process it waited for (GNU time), median; robust to other load.',
    'other load: cores used by processes outside the measured tree during the run (median); 0 = quiet.',
    'ours/peer: images/s of dataset-lens (no cache) over the peer; > 1 means dataset-lens is faster.',
    `Sampling cost: at most ${(monitor * 100).toFixed(1)}% of one core while a tool runs.`,
    `Median of ${context.reps} runs; ${context.cores} cores, Node ${context.node}, sharp ${context.sharp}.`,
  ];
}

/** Warnings on disturbed runs, the warm cache against the peer, and whether our statistics agree with it. */
export function checkLines(results: readonly SetResult[]): string[] {
  const lines: string[] = [];
  const disturbed = results.flatMap((r) =>
    r.tools.filter((t) => t.otherLoad > BUSY_LOAD).map((t) => `${r.set.name}/${t.tool}`),
  );
  if (disturbed.length)
    lines.push(
      `WARNING: other processes used > ${BUSY_LOAD} core during ${disturbed.join(', ')}: those figures are unreliable.`,
    );
  for (const { set, tools } of results) {
    const warm = tools.find((t) => t.tool.includes('warm cache'));
    const peer = tools.find((t) => t.tool === PEER_PLAIN);
    if (warm && peer)
      lines.push(
        `${set.name}: a re-run with a warm per-image cache is ${formatRatio(warm.imagesPerS, peer.imagesPerS)} the speed of ${PEER_PLAIN}.`,
      );
  }
  for (const { set, check } of results) {
    if (!check) {
      lines.push(`${set.name}: SKIPPED correctness check (peer unavailable)`);
      continue;
    }
    const detail =
      `images ${check.imagesOurs} vs ${check.imagesPeer}, max |Δmean| ${check.maxMeanDiff.toExponential(2)}, ` +
      `max |Δstd| ${check.maxStdDiff.toExponential(2)}, histogram bins differing ${check.histogramBinsDiffering} ` +
      `(max ${check.histogramMaxBinDiff}, L1 ${(check.histogramL1Fraction * 100).toFixed(3)}% of pixels)`;
    const kind = set.lossless ? 'lossless, must be exact' : 'reported only: decoders may differ';
    lines.push(`${set.name} (${kind}): ${check.pass ? 'PASS' : 'FAIL'} — ${detail}`);
  }
  return lines;
}

/** The median "other load" over every tool's runs on a set: how busy the machine was meanwhile. */
function setOtherLoad(result: SetResult): number {
  return median(result.tools.map((t) => t.otherLoad));
}

/** Some set's runs shared the machine: other processes used more than BUSY_LOAD cores (median) meanwhile. */
export function takenUnderLoad(results: readonly SetResult[]): boolean {
  return results.some((r) => setOtherLoad(r) > BUSY_LOAD);
}

/** "17,525/s (2.9 s)": a rate and the median wall time it came from. */
function rateCell(t: ToolSummary | undefined): string {
  if (!t) return '-';
  const seconds = t.wallMs / 1000;
  return `${grouped(t.imagesPerS)}/s (${fixed(seconds, seconds < 2 ? 2 : 1)} s)`;
}

const HISTORY_HEADER = [
  'date',
  'commit',
  'other load',
  'ours, no cache',
  'peer cv2, 2 processes',
  'peer cv2 + `--quality`',
  'ours / peer',
  'ours / peer + quality',
  'ours, first run',
  'ours, warm cache',
  'peak RSS ours',
  'note',
];

/** This run's row of a set's history table. */
export function historyRow(context: RunContext, result: SetResult): HistoryRow {
  const find = (tool: string): ToolSummary | undefined => result.tools.find((t) => t.tool === tool);
  const ours = find('dataset-lens');
  const peer = find(PEER_PLAIN);
  const peerQuality = find(PEER_QUALITY);
  const ratio = (other: ToolSummary | undefined): string =>
    ours && other ? `**${formatRatio(ours.imagesPerS, other.imagesPerS)}**` : '-';
  const notes = [
    ...underLoadNote(setOtherLoad(result)),
    ...(result.check && !result.check.pass ? ['statistics check FAILED'] : []),
    ...(context.peerProblem ? ['no peer'] : []),
  ];
  return {
    table: result.set.label,
    header: HISTORY_HEADER,
    row: [
      dayOf(context.date),
      context.commit,
      fixed(setOtherLoad(result), 2),
      rateCell(ours),
      peer ? `${grouped(peer.imagesPerS)}/s` : '-',
      peerQuality ? `${grouped(peerQuality.imagesPerS)}/s` : '-',
      ratio(peer),
      ratio(peerQuality),
      rateCell(find('dataset-lens first run')),
      rateCell(find('dataset-lens warm cache')),
      ours ? `${fixed(ours.peakRssMb, 0)} MB` : '-',
      notes.join('; ') || '-',
    ],
  };
}

/** The analysis bench's part of BENCHMARKS.md: this run's table and a history row per set. */
export function analysisSection(context: RunContext, results: readonly SetResult[]): BenchSection {
  const underLoad = takenUnderLoad(results);
  const loads = results.map((r) => `${r.set.name} ${fixed(setOtherLoad(r), 2)}`).join(', ');
  const latest = (run: number): string =>
    [
      latestHeading(run, context.date, context.commit),
      '',
      `Median of ${context.reps} runs of each tool, interleaved. Machine load: load average ${context.loadAverageAtStart.toFixed(2)} ` +
        `when the bench started; cores used by other processes during the runs (median): ${loads}.`,
      ...(underLoad ? ['', UNDER_LOAD_NOTE] : []),
      ...(context.peerProblem
        ? ['', `Peer unavailable: ${context.peerProblem}. No ratios or cross-checks.`]
        : []),
      '',
      resultsTable(results),
      '',
      ...checkLines(results).map((line) => `- ${line}`),
      '',
      ...legend(context, results).map((line) => `- ${line}`),
    ].join('\n');
  return {
    id: 'analyze',
    title: 'Analysis (`npm run bench`)',
    latest,
    history: results.map((r) => historyRow(context, r)),
  };
}
