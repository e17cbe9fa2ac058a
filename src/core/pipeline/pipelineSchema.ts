import type { OptionSpec } from '../augment/optionSpec';
import { TRANSFORMS } from '../augment/registry';
import { DEFAULT_MAX_PIXELS } from '../decode/decodedImage';
import { MAX_SEED, MAX_SIDE } from './validatePipeline';
import { PIPELINE_VERSION } from './pipelineTypes';

type JsonSchema = { [key: string]: JsonSchemaValue };
type JsonSchemaValue = string | number | boolean | null | readonly JsonSchemaValue[] | JsonSchema;

/**
 * The pipeline JSON Schema (draft-07, what VS Code's JSON service reads), generated from the same option specs as
 * the runtime validator. scripts/write-pipeline-schema.mjs writes it to schema/pipeline.schema.json; a test checks
 * the file is current. Cross-option rules (min <= max, degrees xor factor) are only in the runtime validator.
 */
export function buildPipelineSchema(): JsonSchema {
  const names = TRANSFORMS.map((t) => t.name);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Dataset Lens augmentation pipeline',
    description: 'Seeded augmentation pipeline for dataset-lens preview, augment and export-code.',
    type: 'object',
    required: ['version', 'transforms'],
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      version: { const: PIPELINE_VERSION, description: 'Pipeline format version.' },
      seed: {
        type: 'integer',
        minimum: 0,
        maximum: MAX_SEED,
        default: 0,
        description: 'Seed of every random draw: same pipeline + seed + image gives identical output bytes.',
      },
      dataset: {
        type: 'string',
        minLength: 1,
        description:
          'The dataset this pipeline is for (a folder, relative to this file or absolute): Preview Augmentations opens it.',
      },
      transforms: {
        type: 'array',
        description: 'Transforms applied in order, each with probability p.',
        items: {
          type: 'object',
          required: ['name'],
          properties: { name: { enum: names, description: 'Transform name.' } },
          allOf: TRANSFORMS.map((t) => ({
            if: { properties: { name: { const: t.name } } },
            then: {
              description: t.doc,
              additionalProperties: false,
              properties: {
                name: { const: t.name },
                p: {
                  type: 'number',
                  minimum: 0,
                  maximum: 1,
                  default: t.defaultP,
                  description: 'Probability of applying.',
                },
                ...Object.fromEntries(
                  Object.entries(t.options).map(([key, spec]) => [key, optionSchema(spec)]),
                ),
              },
              required: [
                'name',
                ...Object.entries(t.options)
                  .filter(([, s]) => s.required)
                  .map(([k]) => k),
              ],
            },
          })),
        },
      },
    },
  };
}

function optionSchema(spec: OptionSpec): JsonSchema {
  const base: JsonSchema = { description: spec.doc };
  if (spec.default !== undefined) base.default = spec.default;
  switch (spec.type) {
    case 'number':
      return { ...base, type: spec.integer ? 'integer' : 'number', minimum: spec.min, maximum: spec.max };
    case 'range': {
      const bound = { type: 'number', minimum: spec.min, maximum: spec.max };
      return { ...base, type: 'array', items: [bound, bound], minItems: 2, maxItems: 2 };
    }
    case 'enum':
      return { ...base, enum: spec.values };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'size': {
      const side = { type: 'integer', minimum: 1, maximum: MAX_SIDE };
      // JSON Schema cannot bound a product: the runtime validator checks height x width.
      const description = `${spec.doc} Height x width is at most ${DEFAULT_MAX_PIXELS} pixels.`;
      return { ...base, description, type: 'array', items: [side, side], minItems: 2, maxItems: 2 };
    }
  }
}
