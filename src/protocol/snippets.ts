/**
 * Text the panel copies and the "Export Normalization Stats" command writes: normalization constants and class
 * weights as JSON, Keras and PyTorch code. Pure, shared by host and webview, so both give identical text.
 */
import { kerasPreprocess, torchvisionNormalize } from '../core/codegen/normalizationCode';
import { pyComment, pyFloat, pyInt, pyList, pyStr } from '../core/codegen/pyLiteral';
import type { DatasetReport } from '../core/engine/report';

/** Comment line naming where the numbers come from; the dataset path only as a string literal. */
function source(report: DatasetReport): string {
  const sampled = report.sample ? `, sample of ${report.sample.size} (seed ${report.sample.seed})` : '';
  return pyComment(`Dataset Lens: ${pyStr(report.root)} (${report.images} images${sampled})`);
}

export function requireStats(report: DatasetReport): NonNullable<DatasetReport['stats']> {
  if (!report.stats) throw new Error('The report has no statistics (no image could be decoded)');
  return report.stats;
}

/** Mean/std (featurewise, 0..1 scale) plus the per-image-std variant, per split and per class, as JSON text. */
export function statsJson(report: DatasetReport): string {
  const stats = requireStats(report);
  const pick = (g: { mean: number[]; std: number[]; images: number }) => ({
    images: g.images,
    mean: g.mean,
    std: g.std,
  });
  const document = {
    source: 'dataset-lens',
    root: report.root,
    images: report.images,
    sample: report.sample,
    scale: '0..1 (pixel / 255)',
    channels: stats.channels,
    channelPolicy: stats.channelPolicy,
    mean: stats.mean,
    std: stats.std,
    stdConvention:
      'featurewise: population std pooled over every pixel (Keras Normalization.adapt, torchvision Normalize)',
    meanOfImageStd: stats.meanOfImageStd,
    min: stats.min,
    max: stats.max,
    ...(stats.confidence95 ? { confidence95: stats.confidence95 } : {}),
    bySplit: Object.fromEntries(Object.entries(report.statsBySplit).map(([k, g]) => [k, pick(g)])),
    byClass: Object.fromEntries(Object.entries(report.statsByClass).map(([k, g]) => [k, pick(g)])),
  };
  return JSON.stringify(document, null, 2) + '\n';
}

/** A Keras Normalization layer with the dataset's constants (inputs rescaled to 0..1 first). */
export function kerasNormalization(report: DatasetReport): string {
  const stats = requireStats(report);
  return [
    source(report),
    '# Featurewise mean / variance on the 0..1 scale: rescale first.',
    'import keras',
    '',
    ...kerasPreprocess(stats),
    '',
  ].join('\n');
}

/** A torchvision v2 Normalize with the dataset's constants, for float images on 0..1. */
export function pytorchNormalization(report: DatasetReport): string {
  const stats = requireStats(report);
  return [
    source(report),
    '# Featurewise mean / std on the 0..1 scale: apply after v2.ToDtype(torch.float32, scale=True).',
    'from torchvision.transforms import v2',
    '',
    ...torchvisionNormalize(stats),
    '',
  ].join('\n');
}

type Weights = 'balanced' | 'effective';

function weightsOf(report: DatasetReport, which: Weights): Record<string, number> {
  if (!report.imbalance) throw new Error('The report has no class weights (no labelled images)');
  return which === 'balanced' ? report.imbalance.classWeights : report.imbalance.effectiveNumber.classWeights;
}

/** `class_weight={index: weight}` for Keras' Model.fit, indices in the sorted class order Keras assigns. */
export function kerasClassWeights(report: DatasetReport, which: Weights = 'balanced'): string {
  const weights = weightsOf(report, which);
  const entries = report.classes
    .filter((c) => weights[c.name] !== undefined)
    .map((c) => `    ${pyInt(c.index)}: ${pyFloat(weights[c.name])},  ${pyComment(pyStr(c.name))}`);
  return [
    `# ${which === 'balanced' ? "sklearn 'balanced'" : 'effective number (beta 0.999)'} class weights`,
    'class_weight = {',
    ...entries,
    '}',
    '',
  ].join('\n');
}

/** A weight tensor for torch.nn.CrossEntropyLoss, in ImageFolder's class order (0 for empty classes). */
export function pytorchClassWeights(report: DatasetReport, which: Weights = 'balanced'): string {
  const weights = weightsOf(report, which);
  const values = report.classes.map((c) => pyFloat(weights[c.name] ?? 0));
  return [
    `# ${which === 'balanced' ? "sklearn 'balanced'" : 'effective number (beta 0.999)'} class weights, in ImageFolder's class order:`,
    `class_names = ${pyList(report.classes.map((c) => pyStr(c.name)))}`,
    'import torch',
    `class_weights = torch.tensor(${pyList(values)})`,
    'criterion = torch.nn.CrossEntropyLoss(weight=class_weights)',
    '',
  ].join('\n');
}

/** The class names in label order as a Python list (what `class_names` holds in Keras). */
export function classNamesList(report: DatasetReport): string {
  return `class_names = ${pyList(report.classes.map((c) => pyStr(c.name)))}\n`;
}
