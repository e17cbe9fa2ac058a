import { rmSync } from 'node:fs';
import path from 'node:path';
import { measure, otherLoadOf } from '../measure/measureRun';
import { median, medianBy } from '../measure/stats';
import { parsePeerAugmentOutput, peerAugmentArgs, PYTHON } from '../peers/peers';

/** One export: images written, the tool's own seconds, wall seconds from spawn to exit, CPU of the process tree. */
export interface ExportRun {
  written: number;
  seconds: number;
  wall: number;
  /** User + system seconds of the tool and its worker processes (GNU time); NaN without it. */
  cpuS: number;
  /** Cores kept busy by other processes during the run (~0 on a quiet machine). */
  otherLoad: number;
}

/** A folder the export is compared on: the generated JPEGs or a real data set (`--source`). */
export interface ExportSet {
  root: string;
  /** For tables: what the folder holds, e.g. "300 JPEG 256x256 sources" or "real data: /work/data/digits". */
  label: string;
  generated: boolean;
}

/** Ours and the peer on one set: the runs with the median written/s, and the median CPU seconds per side. */
export interface ExportComparison {
  set: ExportSet;
  sources: number;
  ours: ExportRun;
  peer: ExportRun | undefined;
}

const TIMEOUT_S = 1800;

const writtenPerS = (run: ExportRun): number => run.written / run.seconds;

/**
 * Exports `set` with `dataset-lens augment` (the CLI at `cliPath`) and with the peer script, `reps` times each,
 * alternating (ours, peer, ours, peer, ...) so both sides see the same swings of a shared machine's load.
 * --quality 75 is PIL's default JPEG quality, which the peer uses.
 */
export async function compareExport(
  set: ExportSet,
  options: { cliPath: string; pipelineFile: string; copies: number; reps: number; workDir: string },
  peerScript: string | undefined,
): Promise<ExportComparison> {
  const ours: ExportRun[] = [];
  const peer: ExportRun[] = [];
  let sources = 0;
  for (let rep = 0; rep < options.reps; rep++) {
    const out = path.join(options.workDir, 'out-ours');
    rmSync(out, { recursive: true, force: true });
    const run = await measure(
      process.execPath,
      [
        options.cliPath,
        'augment',
        set.root,
        ...['--pipeline', options.pipelineFile, '--out', out, '--copies', String(options.copies)],
        ...['--quality', '75', '--json'],
      ],
      TIMEOUT_S,
    );
    if (run.code !== 0) throw new Error(`dataset-lens augment failed on ${set.root}: ${run.stderr}`);
    const summary = JSON.parse(run.stdout) as { written: number; seconds: number; sources: number };
    sources = summary.sources;
    ours.push({ ...summary, wall: run.wallMs / 1000, cpuS: run.toolCpuS, otherLoad: otherLoadOf(run) });
    if (!peerScript) continue;
    const peerOut = path.join(options.workDir, 'out-peer');
    rmSync(peerOut, { recursive: true, force: true });
    const peerRun = await measure(
      PYTHON,
      peerAugmentArgs(peerScript, set.root, peerOut, options.copies),
      TIMEOUT_S,
    );
    if (peerRun.code !== 0) throw new Error(`peer failed on ${set.root}: ${peerRun.stderr}`);
    const result = parsePeerAugmentOutput(peerRun.stdout);
    peer.push({
      written: result.written,
      seconds: result.seconds,
      wall: peerRun.wallMs / 1000,
      cpuS: peerRun.toolCpuS,
      otherLoad: otherLoadOf(peerRun),
    });
  }
  return { set, sources, ours: summarise(ours), peer: peer.length ? summarise(peer) : undefined };
}

/** The run with the median written/s, with the median CPU seconds and other load of all runs. */
function summarise(runs: ExportRun[]): ExportRun {
  return {
    ...medianBy(runs, writtenPerS),
    cpuS: median(runs.map((r) => r.cpuS)),
    otherLoad: median(runs.map((r) => r.otherLoad)),
  };
}
