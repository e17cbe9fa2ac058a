import { BUSY_LOAD_AVERAGE } from '../measure/machineLoad';
import { fixed, grouped } from '../measure/stats';
import type { BenchSection } from '../report/benchSection';
import { renderTable } from '../report/markdownTable';
import { dayOf, latestHeading, UNDER_LOAD_NOTE } from '../report/runHeading';

export interface ScaleResult {
  files: number;
  date: Date;
  commit: string;
  loadAverageAtStart: number;
  exitCode: number | null;
  seconds: number;
  peakRssMb: number;
  peakPssMb: number;
  peakMainRssMb: number;
  peakWorkerRssMb: number;
  peakFdsPerProcess: number;
  reportBytes: number;
}

const HEADER = [
  'exit',
  'seconds',
  'images/s',
  'peak RSS MB (tree)',
  'peak PSS MB (tree)',
  'main process MB',
  'largest worker MB',
  'most open files',
  'report MB',
];

function cells(r: ScaleResult): string[] {
  return [
    String(r.exitCode),
    fixed(r.seconds, 0),
    grouped(r.files / r.seconds),
    String(r.peakRssMb),
    String(r.peakPssMb),
    String(r.peakMainRssMb),
    String(r.peakWorkerRssMb),
    String(r.peakFdsPerProcess),
    fixed(r.reportBytes / 1024 / 1024, 1),
  ];
}

/** The scale bench's part of BENCHMARKS.md: this run and a history row. */
export function scaleSection(result: ScaleResult): BenchSection {
  const underLoad = result.loadAverageAtStart > BUSY_LOAD_AVERAGE;
  const latest = (run: number): string =>
    [
      latestHeading(run, result.date, result.commit),
      '',
      `${grouped(result.files)} distinct 28x28 grey PNGs in 1,000 folders, \`analyze --json --no-cache\`, one run ` +
        `(target: peak RSS of the process tree < 300 MB). Load average ${result.loadAverageAtStart.toFixed(2)} when ` +
        'the bench started.',
      ...(underLoad ? ['', UNDER_LOAD_NOTE] : []),
      '',
      renderTable(HEADER, [cells(result)]),
    ].join('\n');
  return {
    id: 'scale',
    title: 'Scale (`npm run bench:scale`)',
    latest,
    history: [
      {
        table: `${grouped(result.files)} 28x28 PNGs`,
        header: ['date', 'commit', 'load average', ...HEADER, 'note'],
        row: [
          dayOf(result.date),
          result.commit,
          result.loadAverageAtStart.toFixed(2),
          ...cells(result),
          underLoad ? 'under load' : '-',
        ],
      },
    ],
  };
}
