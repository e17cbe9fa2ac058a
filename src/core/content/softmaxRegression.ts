/** Rows of `dims` features each, row by row, with a class per row (0..classes-1). */
export interface Features {
  dims: number;
  values: Float32Array;
}

export interface SoftmaxModel {
  dims: number;
  classes: number;
  /** classes x (dims + 1): each class's weights, then its bias. */
  weights: Float64Array;
}

export interface FitOptions {
  /** Inverse strength of the L2 penalty on the weights (not the biases), as scikit-learn's `C`. */
  c: number;
  maxIterations: number;
}

/**
 * Multinomial logistic regression fitted by L-BFGS on the rows `rows` of `x`: minimises the summed cross-entropy
 * plus |W|² / (2C), scikit-learn's LogisticRegression(multinomial, lbfgs) objective. Deterministic.
 */
export function fitSoftmax(
  x: Features,
  labels: ArrayLike<number>,
  rows: ArrayLike<number>,
  classes: number,
  options: FitOptions,
): SoftmaxModel {
  const width = x.dims + 1;
  const size = classes * width;
  const n = rows.length;
  const scratch = new Float64Array(classes);
  // The objective divided by n: the same minimum, a gradient of the same scale for any dataset size.
  const evaluate = (w: Float64Array, grad: Float64Array): number => {
    const { dims, values } = x;
    grad.fill(0);
    let loss = 0;
    for (let r = 0; r < n; r++) {
      const i = rows[r];
      const base = i * dims;
      let max = -Infinity;
      for (let k = 0; k < classes; k++) {
        const wk = k * width;
        let s = w[wk + dims];
        for (let f = 0; f < dims; f++) s += w[wk + f] * values[base + f];
        scratch[k] = s;
        if (s > max) max = s;
      }
      let total = 0;
      for (let k = 0; k < classes; k++) total += scratch[k] = Math.exp(scratch[k] - max);
      const y = labels[i];
      loss -= Math.log(scratch[y] / total);
      for (let k = 0; k < classes; k++) {
        const residual = scratch[k] / total - (k === y ? 1 : 0);
        const wk = k * width;
        for (let f = 0; f < dims; f++) grad[wk + f] += residual * values[base + f];
        grad[wk + dims] += residual;
      }
    }
    const penalty = 1 / options.c;
    let squares = 0;
    for (let k = 0; k < classes; k++)
      for (let f = 0; f < dims; f++) {
        const v = w[k * width + f];
        squares += v * v;
        grad[k * width + f] += penalty * v;
      }
    for (let j = 0; j < size; j++) grad[j] /= n;
    return (loss + (penalty * squares) / 2) / n;
  };
  const weights = minimiseLbfgs(evaluate, new Float64Array(size), options.maxIterations);
  return { dims: x.dims, classes, weights };
}

/** Class probabilities of row `i` of `x`, into `out`. */
export function predictSoftmax(model: SoftmaxModel, x: Features, i: number, out: Float64Array): Float64Array {
  const width = model.dims + 1;
  const base = i * x.dims;
  let max = -Infinity;
  for (let k = 0; k < model.classes; k++) {
    const wk = k * width;
    let s = model.weights[wk + model.dims];
    for (let f = 0; f < model.dims; f++) s += model.weights[wk + f] * x.values[base + f];
    out[k] = s;
    if (s > max) max = s;
  }
  let total = 0;
  for (let k = 0; k < model.classes; k++) total += out[k] = Math.exp(out[k] - max);
  for (let k = 0; k < model.classes; k++) out[k] /= total;
  return out;
}

const HISTORY = 10;
const GRADIENT_TOLERANCE = 1e-5;

/** L-BFGS (two-loop recursion, backtracking Armijo line search) from `start`; returns the minimiser found. */
function minimiseLbfgs(
  evaluate: (w: Float64Array, grad: Float64Array) => number,
  start: Float64Array,
  maxIterations: number,
): Float64Array {
  const size = start.length;
  let w: Float64Array = start;
  let grad: Float64Array = new Float64Array(size);
  let value = evaluate(w, grad);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  const rhos: number[] = [];
  const alpha = new Float64Array(HISTORY);
  const direction = new Float64Array(size);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (maxAbs(grad) < GRADIENT_TOLERANCE) break;
    direction.set(grad);
    for (let m = steps.length - 1; m >= 0; m--) {
      alpha[m] = rhos[m] * dot(steps[m], direction);
      axpy(-alpha[m], changes[m], direction);
    }
    const gamma = steps.length
      ? dot(steps[steps.length - 1], changes[steps.length - 1]) /
        dot(changes[changes.length - 1], changes[changes.length - 1])
      : 1 / Math.max(1, Math.sqrt(dot(grad, grad)));
    for (let j = 0; j < size; j++) direction[j] *= gamma;
    for (let m = 0; m < steps.length; m++) {
      const beta = rhos[m] * dot(changes[m], direction);
      axpy(alpha[m] - beta, steps[m], direction);
    }
    // direction now approximates H·g: the step goes against it.
    const slope = -dot(grad, direction);
    if (!(slope < 0)) break;
    let t = 1;
    const next = new Float64Array(size);
    const nextGrad = new Float64Array(size);
    let nextValue = Infinity;
    for (let tries = 0; tries < 30; tries++) {
      for (let j = 0; j < size; j++) next[j] = w[j] - t * direction[j];
      nextValue = evaluate(next, nextGrad);
      if (nextValue <= value + 1e-4 * t * slope) break;
      t /= 2;
    }
    if (!(nextValue <= value)) break;
    const step = new Float64Array(size);
    const change = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      step[j] = next[j] - w[j];
      change[j] = nextGrad[j] - grad[j];
    }
    const curvature = dot(step, change);
    if (curvature > 1e-12) {
      if (steps.length === HISTORY) {
        steps.shift();
        changes.shift();
        rhos.shift();
      }
      steps.push(step);
      changes.push(change);
      rhos.push(1 / curvature);
    }
    const improvement = value - nextValue;
    w = next;
    grad = nextGrad;
    value = nextValue;
    if (improvement <= 1e-10 * Math.max(1, Math.abs(value))) break;
  }
  return w;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

function axpy(scale: number, x: Float64Array, y: Float64Array): void {
  for (let j = 0; j < x.length; j++) y[j] += scale * x[j];
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let j = 0; j < a.length; j++) m = Math.max(m, Math.abs(a[j]));
  return m;
}
