// Writes schema/pipeline.schema.json from the transform registry (the runtime validator's own specs).
//   node --import tsx scripts/write-pipeline-schema.mjs          (npm run schema)
// test/unit/pipelineSchema.test.ts fails when the committed file is stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { buildPipelineSchema } from '../src/core/pipeline/pipelineSchema.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(repoRoot, 'schema', 'pipeline.schema.json');
mkdirSync(path.dirname(target), { recursive: true });
// Formatted as the repository's prettier config would, so format:check passes on the generated file.
const options = (await prettier.resolveConfig(target)) ?? {};
writeFileSync(
  target,
  await prettier.format(JSON.stringify(buildPipelineSchema()), { ...options, parser: 'json' }),
);
console.log(`wrote ${path.relative(repoRoot, target)}`);
