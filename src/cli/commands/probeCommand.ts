import { InvalidArgumentError, Option, type Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { loadPipelineFile } from '../../core/pipeline/pipelineJson';
import { probeLabelSafety } from '../../core/probe/probeLabelSafety';
import type { FeatureChoice, ProbeProgress, ProbeThresholds } from '../../core/probe/probeTypes';
import { withCancellation } from '../cancellation';
import { formatLabelSafety } from '../formatLabelSafety';
import { CLASS_NAMES, FOLLOW_EXTERNAL_LINKS, integerOption, SOURCE, sourceHelp } from '../options';
import { jsonText } from '../jsonText';

interface ProbeFlags {
  pipeline: string;
  json?: boolean;
  sample?: number;
  seed?: number;
  labels?: string;
  classNames?: string;
  followExternalLinks?: boolean;
  maxPixels?: number;
  rounds?: number;
  features?: FeatureChoice;
  thresholds?: Partial<ProbeThresholds>;
}

/** "alpha=0.05,marginShare=0.5" -> { alpha: 0.05, marginShare: 0.5 } (names and ranges checked by the probe). */
export function thresholdsFlag(value: string, previous: Record<string, number> = {}): Record<string, number> {
  const out = { ...previous };
  for (const pair of value.split(',')) {
    const [name, raw] = pair.split('=');
    const n = Number(raw);
    if (!name || raw === undefined || raw.trim() === '' || !Number.isFinite(n))
      throw new InvalidArgumentError(`Expected name=number pairs for --thresholds but received "${value}"`);
    out[name.trim()] = n;
  }
  return out;
}

export function registerProbeCommand(program: Command): void {
  program
    .command('probe')
    .description(
      'Measure what training with each pipeline transform costs on a sample of your images, and which labels it confuses (6 <-> 9)',
    )
    .argument(SOURCE, sourceHelp(" (labelled: class folders, --labels or the containers' labels)"))
    .requiredOption('--pipeline <file>', 'augmentation pipeline JSON')
    .option('--json', 'print one JSON document on stdout (progress and logs go to stderr)')
    .option('--sample <n>', 'labelled images to sample (default 2000)', integerOption('--sample', 2))
    .option('--seed <s>', "seed (default: the pipeline's)", integerOption('--seed', 0, 0x7fffffff))
    .option('--labels <csv>', 'labels from a file,label[,split] CSV instead of folder names')
    .option(...CLASS_NAMES)
    .option(...FOLLOW_EXTERNAL_LINKS)
    .option(
      '--max-pixels <n>',
      'refuse images larger than this many pixels',
      integerOption('--max-pixels', 1),
    )
    .option(
      '--rounds <n>',
      'most rounds (folds with their own seeds) for a step whose cost is unclear (default 3)',
      integerOption('--rounds', 1, 10),
    )
    .addOption(
      new Option('--features <kind>', 'what the probe model reads (default auto)').choices([
        'auto',
        'pixels',
        'pooled',
        'content',
      ]),
    )
    .option(
      '--thresholds <name=value,...>',
      'verdict thresholds, e.g. alpha=0.01,marginFloor=0.005,marginShare=0.25,pairShare=0.5',
      thresholdsFlag,
    )
    .action(async (dir: string, flags: ProbeFlags) => {
      const pipeline = loadPipelineFile(flags.pipeline);
      const progress = probeProgressBar();
      try {
        const report = await withCancellation((signal) =>
          probeLabelSafety(dir, pipeline, {
            sample: flags.sample,
            seed: flags.seed,
            labelsCsv: flags.labels,
            classNames: flags.classNames,
            followExternalLinks: flags.followExternalLinks,
            maxPixels: flags.maxPixels,
            rounds: flags.rounds,
            features: flags.features,
            thresholds: flags.thresholds,
            signal,
            onProgress: (p) => progress.update(p),
          }),
        );
        progress.stop();
        process.stdout.write(flags.json ? jsonText(report) + '\n' : formatLabelSafety(report) + '\n');
      } finally {
        progress.stop();
      }
    });
}

/** One bar per phase on stderr when it is a terminal; silent otherwise (stdout stays clean for --json). */
export function probeProgressBar(): { update(p: ProbeProgress): void; stop(): void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    { stream: process.stderr, format: 'probe: {phase} [{bar}] {value}/{total}', hideCursor: true },
    Presets.shades_classic,
  );
  let phase = '';
  return {
    update(p) {
      if (p.phase !== phase) {
        if (phase) bar.stop();
        phase = p.phase;
        bar.start(Math.max(p.total, 1), p.done, { phase });
      }
      bar.setTotal(Math.max(p.total, 1));
      bar.update(p.done, { phase });
    },
    stop() {
      if (phase) bar.stop();
      phase = '';
    },
  };
}
