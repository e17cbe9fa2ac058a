/**
 * Entry point of an export worker process (dist/export-worker.js): augmentation ops are JavaScript loops, so
 * two processes use two cores where one process would use one.
 */
import { exportSource } from './exportSource';
import type { ExportJob, ExportJobResult } from './exportPool';

let queue: Promise<void> = Promise.resolve();

process.on('message', (job: ExportJob) => {
  if (job?.type !== 'job') return;
  queue = queue.then(async () => {
    let reply: ExportJobResult;
    try {
      reply = { type: 'done', id: job.id, records: await exportSource(job.entry, job.outputs, job.ctx) };
    } catch (error) {
      reply = { type: 'failed', id: job.id, message: (error as Error).message };
    }
    process.send?.(reply);
  });
});
process.on('disconnect', () => process.exit(0));
