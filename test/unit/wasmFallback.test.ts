import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { kernelOutputs, type KernelOutputs } from './helpers/kernelOutputs';

test('without WebAssembly the JavaScript paths give what the kernels give: histogram, grey, grid, reduction', () => {
  const withWasm = kernelOutputs();
  assert.ok(withWasm.webAssembly);
  const script = path.join(__dirname, 'helpers', 'kernelOutputs.ts');
  const out = execFileSync(process.execPath, ['--jitless', '--import', 'tsx', script], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const withoutWasm = JSON.parse(out) as KernelOutputs;
  assert.equal(withoutWasm.webAssembly, false);
  withWasm.images.forEach((image, k) => assert.deepEqual(withoutWasm.images[k], image, `image ${k}`));
});
