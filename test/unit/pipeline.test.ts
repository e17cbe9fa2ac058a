import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { toBytes } from '../../src/core/augment/augImage';
import { TRANSFORMS } from '../../src/core/augment/registry';
import { closest } from '../../src/core/pipeline/didYouMean';
import { loadPipelineFile, parsePipeline, serializePipeline } from '../../src/core/pipeline/pipelineJson';
import { buildPipelineSchema } from '../../src/core/pipeline/pipelineSchema';
import { outputRng, runPipeline } from '../../src/core/pipeline/runPipeline';
import { PipelineError, validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { UsageError } from '../../src/core/util/errors';
import { TRANSFORM_CASES } from './augmentTable';
import { randomAugImage } from './helpers/augment';

const repo = path.resolve(__dirname, '..', '..');

function messageOf(document: unknown): string {
  try {
    validatePipeline(document);
  } catch (error) {
    assert.ok(error instanceof PipelineError, String(error));
    assert.ok(error instanceof UsageError, 'a usage error: exit code 2 in the CLI');
    return error.message;
  }
  assert.fail('expected the pipeline to be rejected');
}

test('a bad range names the transform index, the option, the expected range and the received value', () => {
  const message = messageOf({
    version: 1,
    transforms: [{ name: 'flipHorizontal' }, { name: 'rotate', degrees: [10, -5] }],
  });
  assert.match(
    message,
    /transforms\[1\] \(rotate\): Expected \[min, max\] with -360 <= min <= max <= 360 for degrees but received \[10,-5\] \(min is above max\)/,
  );
  assert.match(
    messageOf({ version: 1, transforms: [{ name: 'brightness', delta: [-2, 0.5] }] }),
    /transforms\[0\] \(brightness\): Expected \[min, max\] with -1 <= min <= max <= 1 for delta but received \[-2,0.5\]/,
  );
  assert.match(
    messageOf({ version: 1, transforms: [{ name: 'rotate', degrees: 15 }] }),
    /for degrees but received 15 \(ranges are always \[min, max\]: write \[-15, 15\]\)/,
  );
  assert.match(
    messageOf({ version: 1, transforms: [{ name: 'zoom', p: 1.5 }] }),
    /transforms\[0\] \(zoom\): Expected a number between 0 and 1 for p but received 1.5/,
  );
  assert.match(
    messageOf({ version: 1, transforms: [{ name: 'gaussianBlur', kernelSize: 4 }] }),
    /Expected an odd integer or 0 for kernelSize but received 4/,
  );
  assert.match(
    messageOf({ version: 1, transforms: [{ name: 'randomCrop' }] }),
    /Expected \[height, width\], positive integers for size but received nothing \(it is required\)/,
  );
  assert.match(
    messageOf({ version: 1, transforms: [{ name: 'rotate', degrees: [-5, 5], factor: [0, 0.1] }] }),
    /Expected either degrees or factor, not both for factor/,
  );
});

test('unknown transforms, options and enum values get a "did you mean" hint', () => {
  assert.match(
    messageOf({ version: 1, transforms: [{ name: 'rotat' }] }),
    /transforms\[0\]: Unknown transform "rotat". Did you mean "rotate"\?/,
  );
  assert.match(
    messageOf({ version: 1, transforms: [{ name: 'FlipHorizontal' }] }),
    /Did you mean "flipHorizontal"\?/,
  );
  assert.match(
    messageOf({ version: 1, transforms: [{ name: 'rotate', degree: [-5, 5] }] }),
    /transforms\[0\] \(rotate\): Unknown option "degree". Did you mean "degrees"\?/,
  );
  assert.match(
    messageOf({ version: 1, transforms: [{ name: 'rotate', fill: 'reflec' }] }),
    /for fill but received "reflec" — Did you mean "reflect"\?/,
  );
  assert.match(
    messageOf({ version: 1, transfroms: [] }),
    /Unknown top-level key "transfroms". Did you mean "transforms"\?/,
  );
  assert.equal(closest('zzzz', ['rotate', 'zoom']), undefined);
});

test('every problem is reported at once, and the version and seed are checked', () => {
  const message = messageOf({
    version: 2,
    seed: -1,
    transforms: [{ name: 'nope' }, { name: 'hue', delta: [0, 0.9] }],
  });
  assert.match(message, /4 problems/);
  assert.match(message, /Expected 1 for version but received 2/);
  assert.match(message, /Expected an integer between 0 and 2147483647 for seed but received -1/);
});

test('a file that is not JSON is a usage error naming the file', () => {
  assert.throws(() => parsePipeline('{ "version": 1,', 'p.json'), /p.json is not valid JSON/);
  assert.throws(() => loadPipelineFile(path.join(repo, 'no-such.json')), /Cannot read pipeline/);
});

test('defaults are filled in from the transform specs', () => {
  const p = validatePipeline({ version: 1, transforms: [{ name: 'rotate' }, { name: 'cutout' }] });
  assert.equal(p.seed, 0);
  assert.equal(p.steps[0].p, 1);
  assert.equal(p.steps[0].options.fill, 'reflect');
  assert.equal(p.steps[1].p, 0.5, 'torchvision RandomErasing default');
});

test('serialise -> load round trip changes nothing, and gives identical output bytes', () => {
  const original = validatePipeline({
    version: 1,
    seed: 1234,
    transforms: TRANSFORM_CASES.map((c, i) => ({ name: c.name, p: (i % 4) / 4 + 0.25, ...c.options })),
  });
  const text = serializePipeline(original);
  const loaded = parsePipeline(text);
  assert.deepEqual(loaded, original);
  assert.equal(serializePipeline(loaded), text, 'serialising is stable');
  const input = randomAugImage(21, 48, 36, 3);
  for (let copy = 0; copy < 5; copy++) {
    const a = runPipeline(original, input, outputRng(original.seed, 'x/y.png', copy));
    const b = runPipeline(loaded, input, outputRng(loaded.seed, 'x/y.png', copy));
    assert.deepEqual(toBytes(a.image), toBytes(b.image));
    assert.deepEqual(a.applied, b.applied);
  }
});

test('schema/pipeline.schema.json is current (npm run schema regenerates it)', () => {
  const committed = JSON.parse(readFileSync(path.join(repo, 'schema', 'pipeline.schema.json'), 'utf8'));
  assert.deepEqual(committed, JSON.parse(JSON.stringify(buildPipelineSchema())));
});

test('the JSON Schema lists every transform with its options, defaults and bounds', () => {
  const schema = buildPipelineSchema() as {
    properties: {
      transforms: {
        items: { allOf: { if: unknown; then: { properties: Record<string, Record<string, unknown>> } }[] };
      };
    };
  };
  const branches = schema.properties.transforms.items.allOf;
  assert.equal(branches.length, TRANSFORMS.length);
  const rotate = branches.find((b) => JSON.stringify(b.if).includes('"rotate"'));
  assert.ok(rotate);
  assert.deepEqual(rotate.then.properties.fill.enum, ['reflect', 'wrap', 'constant', 'nearest']);
  assert.equal(rotate.then.properties.fill.default, 'reflect');
  assert.equal((rotate.then.properties.degrees.items as { minimum: number }[])[0].minimum, -360);
});

test('examples/augment.pipeline.json is valid', () => {
  const p = loadPipelineFile(path.join(repo, 'examples', 'augment.pipeline.json'));
  assert.ok(p.steps.length >= 5);
});
