/**
 * Entry of dist/jobs.js, a child process forked by the extension host (no `vscode` here): runs the augmentation
 * code (preview grids, exports, code export), the label-safety probe (TensorFlow.js, dist/tf.js) and decodes
 * thumbnails, so neither CPU-heavy work nor a crashing decoder touches the extension host. One job at a time
 * per message id; `cancel` aborts one.
 */
import { promises as fsp } from 'node:fs';
import * as pathModule from 'node:path';
import type { Sharp } from 'sharp';
import { TRANSFORMS } from '../../core/augment/registry';
import { browseIndex } from '../../core/browse/browseIndex';
import { imageDetails, type ImageDetails } from '../../core/browse/imageDetails';
import { exportCode } from '../../core/codegen/exportCode';
import { exportAugmented } from '../../core/export/exportDataset';
import { planExportClasses } from '../../core/export/exportPlanSummary';
import { serializePipeline } from '../../core/pipeline/pipelineJson';
import type { Pipeline } from '../../core/pipeline/pipelineTypes';
import { PipelineError, validatePipeline } from '../../core/pipeline/validatePipeline';
import { buildPreview } from '../../core/preview/buildPreview';
import { probeLabelSafety } from '../../core/probe/probeLabelSafety';
import { similarImages } from '../../core/content/similarImages';
import { sharpOfDecoded, thumbnailSource } from '../../core/decode/thumbnailSource';
import type { FileEntry } from '../../core/scan/scanPlan';
import { decodeEntry, readMembers } from '../../core/source/memberContents';
import { parentChannel } from '../../core/util/childProcess';
import { epochMs } from '../../protocol/epochMs';
import { encodeError } from '../../core/util/errorCodec';
import { CancelledError, messageOf } from '../../core/util/errors';
import type { Thumbnail, TransformInfo } from '../../protocol/messages';
import type {
  ExportCodeJob,
  ExportJob,
  FromJob,
  ImageDetailsJob,
  Job,
  MemberFileJob,
  PreviewJob,
  ProbeJob,
  ThumbnailsJob,
  ToJob,
} from './jobProtocol';
import { previewRowViews } from './previewPictures';

const running = new Map<number, AbortController>();

const host = parentChannel<FromJob, ToJob>();
const send = host.send;

host.onMessage((message) => {
  if (message.type === 'cancel') {
    running.get(message.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(message.id, controller);
  run(message.id, message.job, controller.signal)
    .then((result) => send({ type: 'result', id: message.id, result }))
    .catch((error: unknown) => {
      const issues = error instanceof PipelineError ? error.issues : undefined;
      const cause = controller.signal.aborted ? new CancelledError() : error;
      send({ type: 'error', id: message.id, error: encodeError(cause), issues });
    })
    .finally(() => running.delete(message.id));
});

process.on('disconnect', () => process.exit(0));
// Stopped by the extension (disconnect, then SIGTERM): exit through 'exit' handlers, which release export locks.
process.on('SIGTERM', () => process.exit(143));

async function run(id: number, job: Job, signal: AbortSignal): Promise<unknown> {
  switch (job.type) {
    case 'catalog':
      return catalog();
    case 'validate':
      return { pipeline: JSON.parse(serializePipeline(validatePipeline(job.pipeline))) };
    case 'preview':
      return preview(job, signal);
    case 'thumbnails':
      return thumbnails(job);
    case 'memberFile':
      return memberFile(job);
    case 'export':
      return exportJob(id, job, signal);
    case 'exportPlan':
      // Counts do not depend on the seed (only which images get the extra copy does).
      return { classes: await planExportClasses(job.root, { ...job, seed: 0, signal }) };
    case 'exportCode':
      return codeJob(job);
    case 'probe':
      return probeJob(id, job, signal);
    case 'similar':
      return similarImages(job.root, job.file, { k: job.k, cacheDir: job.cacheDir });
    case 'browse':
      return browseIndex(job.root, { ...job, signal });
    case 'imageDetails':
      return detailsJob(job);
  }
}

function catalog(): TransformInfo[] {
  return TRANSFORMS.map((t) => ({
    name: t.name,
    kind: t.kind,
    doc: t.doc,
    defaultP: t.defaultP,
    options: { ...t.options },
  }));
}

async function preview(job: PreviewJob, signal: AbortSignal) {
  const jobIn = epochMs();
  const cpu = process.cpuUsage();
  const pipeline: Pipeline = validatePipeline(job.pipeline);
  const built = await buildPreview(job.root, pipeline, {
    perClass: job.perClass,
    variants: job.variants,
    seed: job.seed,
    followExternalLinks: job.followExternalLinks,
    classNames: job.classNames,
    cellSize: job.cellSize,
    signal,
  });
  const madeAt = epochMs();
  const rows = await previewRowViews(built.rows, job.cellSize, new Set(job.held));
  const used = process.cpuUsage(cpu);
  const jobCpuMs = (used.user + used.system) / 1000;
  const timing = { jobIn, built: madeAt, encoded: epochMs(), jobCpuMs };
  return { seed: built.seed, rows, unlistable: built.unlistable, timing };
}

async function thumbnails(job: ThumbnailsJob): Promise<Thumbnail[]> {
  const members = job.members
    ? await readMembers(job.members.source, job.members.files)
    : new Map<string, FileEntry>();
  const ofMembers = (job.members?.files ?? []).map(async (file): Promise<Thumbnail> => {
    const entry = members.get(file);
    if (!entry) return { file, error: 'not found in its container' };
    try {
      return thumbnailOf(file, sharpOfDecoded(await decodeEntry(entry)), job.size);
    } catch (error) {
      return { file, error: messageOf(error) };
    }
  });
  const ofFiles = job.files.map(async ({ file, path }): Promise<Thumbnail> => {
    try {
      return await thumbnailOf(file, thumbnailSource(path), job.size);
    } catch (error) {
      return { file, error: messageOf(error) };
    }
  });
  return Promise.all([...ofFiles, ...ofMembers]);
}

async function thumbnailOf(file: string, image: Sharp, size: number): Promise<Thumbnail> {
  const { data, info } = await image
    .resize(size, size, { fit: 'inside', withoutEnlargement: true })
    .png({ compressionLevel: 3 })
    .toBuffer({ resolveWithObject: true });
  return {
    file,
    src: `data:image/png;base64,${data.toString('base64')}`,
    width: info.width,
    height: info.height,
  };
}

/** One file (its checked path) or member (read from its source) measured as the analysis measures it. */
async function detailsJob(job: ImageDetailsJob): Promise<ImageDetails> {
  if (job.path) return imageDetails({ file: job.file, open: job.path, size: -1 });
  const entry = job.source ? (await readMembers(job.source, [job.file])).get(job.file) : undefined;
  if (!entry) return { ok: false, file: job.file, kind: 'missing', message: 'not found in its container' };
  return imageDetails(entry);
}

/** The member as a PNG named after it, in `job.dir` (written whole, then renamed into place). */
async function memberFile(job: MemberFileJob): Promise<{ path: string }> {
  const entry = (await readMembers(job.source, [job.file])).get(job.file);
  if (!entry) throw new Error(`${job.file} is not in its container any more`);
  const png = await sharpOfDecoded(await decodeEntry(entry))
    .png()
    .toBuffer();
  await fsp.mkdir(job.dir, { recursive: true });
  const target = pathModule.join(job.dir, `${job.file.replace(/[^A-Za-z0-9._-]+/g, '_')}.png`);
  const temp = `${target}.${process.pid}.partial`;
  await fsp.writeFile(temp, png);
  await fsp.rename(temp, target);
  return { path: target };
}

async function exportJob(id: number, job: ExportJob, signal: AbortSignal) {
  const pipeline = validatePipeline(job.pipeline);
  let last = 0;
  const summary = await exportAugmented(
    job.root,
    pipeline,
    {
      out: job.out,
      copies: job.copies,
      balance: job.balance,
      keepOriginals: job.keepOriginals,
      format: job.format ?? undefined,
      concurrency: job.concurrency,
      followExternalLinks: job.followExternalLinks,
      classNames: job.classNames,
    },
    {
      signal,
      onProgress: (p) => {
        const now = Date.now();
        if (now - last < 100 && p.done < p.total) return;
        last = now;
        send({ type: 'progress', id, progress: { done: p.done, total: p.total, failed: p.failed } });
      },
    },
  );
  return {
    out: summary.out,
    manifest: summary.manifest,
    written: summary.written,
    outputs: summary.outputs,
    failed: summary.failed.length,
    seconds: summary.seconds,
  };
}

function codeJob(job: ExportCodeJob) {
  const pipeline = validatePipeline(job.pipeline);
  return {
    code: exportCode(pipeline, job.target, {
      ...job.facts,
      pipelineFile: job.pipelineFile,
      labelSafety: job.labelSafety,
    }),
  };
}

/** The measured probe, as `dataset-lens probe` runs it (the pipeline's seed, the default sample). */
function probeJob(id: number, job: ProbeJob, signal: AbortSignal) {
  const pipeline = validatePipeline(job.pipeline);
  let last = { phase: '', at: 0 };
  return probeLabelSafety(job.root, pipeline, {
    followExternalLinks: job.followExternalLinks,
    classNames: job.classNames,
    signal,
    onProgress: ({ phase, done, total }) => {
      // Every decoded image reports: a phase's first and last step and one message per 100 ms are enough.
      const now = Date.now();
      if (phase === last.phase && now - last.at < 100 && done < total) return;
      last = { phase, at: now };
      send({ type: 'progress', id, progress: { done, total, failed: 0, phase } });
    },
  });
}
