/**
 * Entry point of an export worker process (dist/export-worker.js): augmentation ops are JavaScript loops, so
 * two processes use two cores where one process would use one.
 */
import { parentChannel } from '../util/childProcess';
import { encodeError } from '../util/errorCodec';
import { exportSource } from './exportSource';
import type { ExportJob, ExportJobResult, SourceResult } from './exportPool';

const parent = parentChannel<ExportJobResult, ExportJob>();
let queue: Promise<void> = Promise.resolve();

parent.onMessage((job) => {
  if (job?.type !== 'job') return;
  queue = queue.then(async () => {
    const results: SourceResult[] = [];
    for (const { entry, outputs } of job.sources) {
      try {
        results.push({ records: await exportSource(entry, outputs, job.ctx) });
      } catch (error) {
        results.push({ error: encodeError(error) });
      }
    }
    parent.send({ type: 'done', id: job.id, results });
  });
});
process.on('disconnect', () => process.exit(0));
