import { findNodeAtLocation, parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { DatasetReport } from '../engine/report';
import { labelSafetyFromReport } from '../probe/labelSafetyFromReport';
import { stepSummaryText } from '../probe/safetyText';
import { withMeasurements, type ProbeRun } from '../probe/withMeasurements';
import { PipelineError, validatePipeline } from './validatePipeline';

/** A problem to show in a pipeline file, located by character offsets (the editor maps them to lines). */
export interface PipelineDiagnostic {
  start: number;
  end: number;
  severity: 'error' | 'warning' | 'information';
  message: string;
}

const HOW_TO_MEASURE =
  'Run "Dataset Lens: Probe Label Safety" to measure what training with it costs on your images.';

/**
 * Diagnostics for the text of a `*.pipeline.json`: JSON syntax errors, every validation problem (at the option
 * it concerns), and, given the analysed dataset, the label-safety verdict of each transform (`breaks` as a
 * warning, `risky` as information) on the transform's object, with its pairs: the rules', and the measured one
 * of each step a probe run measured in the same form. Pure: the extension only maps it.
 */
export function pipelineDiagnostics(
  text: string,
  report?: DatasetReport | null,
  probe?: ProbeRun | null,
): PipelineDiagnostic[] {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false });
  if (!root || errors.length) {
    return errors.map((e) => ({
      start: e.offset,
      end: e.offset + Math.max(1, e.length),
      severity: 'error',
      message: 'Invalid JSON here',
    }));
  }
  let pipeline;
  try {
    pipeline = validatePipeline(JSON.parse(text));
  } catch (error) {
    if (!(error instanceof PipelineError)) throw error;
    return error.issues.map((issue) => ({
      ...rangeOf(root, pathSegments(issue.path)),
      severity: 'error',
      message: issue.message,
    }));
  }
  if (!report || report.classes.length === 0) return [];
  const safety = withMeasurements(labelSafetyFromReport(report, pipeline), pipeline, probe);
  return safety.transforms
    .filter((t) => t.verdict !== 'safe')
    .map((t) => ({
      ...rangeOf(root, ['transforms', t.index]),
      severity: t.verdict === 'breaks' ? 'warning' : 'information',
      message: stepSummaryText(t, HOW_TO_MEASURE),
    }));
}

/** "transforms[2].degrees" → ['transforms', 2, 'degrees']. */
function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  return out;
}

/** The node at the path, or its nearest existing ancestor (an option that is missing is reported on its transform). */
function rangeOf(root: Node, segments: (string | number)[]): { start: number; end: number } {
  for (let n = segments.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, segments.slice(0, n));
    if (!node) continue;
    // An option's value node; for a whole object, just its first line is enough to point at it.
    const target = node.parent?.type === 'property' && n === segments.length ? node.parent : node;
    return { start: target.offset, end: target.offset + (target.type === 'object' ? 1 : target.length) };
  }
  return { start: 0, end: 1 };
}
