/**
 * Entry point of an export worker process (dist/export-worker.js): augmentation ops are JavaScript loops, so
 * two processes use two cores where one process would use one.
 */
import { parentChannel } from '../util/childProcess';
import { encodeError } from '../util/errorCodec';
import { exportSource } from './exportSource';
import type { ExportJob, ExportJobResult } from './exportPool';

const parent = parentChannel<ExportJobResult, ExportJob>();
let queue: Promise<void> = Promise.resolve();

parent.onMessage((job) => {
  if (job?.type !== 'job') return;
  queue = queue.then(async () => {
    let reply: ExportJobResult;
    try {
      reply = { type: 'done', id: job.id, records: await exportSource(job.entry, job.outputs, job.ctx) };
    } catch (error) {
      reply = { type: 'failed', id: job.id, error: encodeError(error) };
    }
    parent.send(reply);
  });
});
process.on('disconnect', () => process.exit(0));
