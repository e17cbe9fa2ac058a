import Table from 'cli-table3';
import type { DatasetReport } from '../core/engine/report';
import { QUALITY_KINDS, type QualityKind } from '../core/quality/qualityKinds';

/** No ANSI colours: the summary is often piped or logged. */
const PLAIN = { head: [], border: [] };

const fixed = (v: number, digits = 4) => (Number.isFinite(v) ? v.toFixed(digits) : '-');

/** The human-readable summary `dataset-lens analyze` prints without --json. */
export function formatReport(report: DatasetReport): string {
  const out: string[] = [];
  out.push(`Dataset Lens — ${report.root}`);
  out.push(
    `layout ${report.layout}: ${report.files} image files, ${report.images} decoded` +
      (report.sample
        ? ` (seeded sample of ${report.sample.size} of ${report.sample.population}, seed ${report.sample.seed})`
        : '') +
      `; skipped ${report.skipped.nonImage} non-image, ${report.skipped.hidden} hidden` +
      (report.skipped.symlinkLoops
        ? `, ${report.skipped.symlinkLoops} link(s) to folders listed already`
        : '') +
      (report.skipped.outsideRoot ? `, ${report.skipped.outsideRoot} link(s) leading outside` : ''),
  );

  if (report.classes.length) {
    const splitNames = report.splits.map((s) => s.name);
    const table = new Table({ head: ['#', 'class', ...splitNames, 'total', 'weight'], style: PLAIN });
    for (const c of report.classes) {
      const perSplit = report.splits.map((s) => String(s.classes.find((x) => x.name === c.name)?.count ?? 0));
      const weight = report.imbalance?.classWeights[c.name];
      table.push([c.index, c.name, ...perSplit, c.count, weight === undefined ? '-' : fixed(weight, 3)]);
    }
    out.push('', 'Classes', table.toString());
    if (report.imbalance?.ratio)
      out.push(
        `imbalance ratio ${report.imbalance.ratio.toFixed(2)} (weights from ${report.imbalance.basis})`,
      );
  }

  if (report.stats) {
    const s = report.stats;
    const names = s.channels === 1 ? ['grey'] : ['R', 'G', 'B'];
    const table = new Table({ head: ['', ...names], style: PLAIN });
    table.push(['mean', ...s.mean.map((v) => fixed(v))]);
    table.push(['std (featurewise)', ...s.std.map((v) => fixed(v))]);
    table.push(['mean of image std', ...s.meanOfImageStd.map((v) => fixed(v))]);
    table.push(['min', ...s.min.map((v) => fixed(v))]);
    table.push(['max', ...s.max.map((v) => fixed(v))]);
    out.push('', `Statistics (0..1 scale; ${s.channelPolicy})`, table.toString());
  }

  const p = report.properties;
  if (p.width && p.height) {
    out.push(
      '',
      'Images',
      `formats ${entries(p.formats)}; modes ${entries(p.modes)}`,
      `width ${p.width.min}..${p.width.max} (median ${p.width.median}), height ${p.height.min}..${p.height.max} (median ${p.height.median}), ${p.distinctSizes} distinct size(s)`,
    );
    const r = p.shape?.recommended;
    if (r)
      out.push(
        `recommended input size ${r.side}x${r.side} (median shorter side ${r.shorterSideMedian} px; ${(r.upsampledShare * 100).toFixed(1)}% of images smaller)`,
      );
  }

  out.push(...duplicateLines(report));

  if (report.issues.length) {
    const byKind = new Map<string, number>();
    for (const issue of report.issues) byKind.set(issue.kind, (byKind.get(issue.kind) ?? 0) + 1);
    const rank = (kind: string) => QUALITY_KINDS.indexOf(kind as QualityKind);
    const kinds = [...byKind].sort(([a], [b]) => rank(a) - rank(b));
    out.push('', `Issues: ${entries(Object.fromEntries(kinds))}`);
    for (const issue of report.issues.slice(0, 20))
      out.push(`  ${issue.kind.padEnd(12)} ${issue.file}: ${issue.message}`);
    if (report.issues.length > 20)
      out.push(`  ... and ${report.issues.length - 20} more (use --json for all)`);
  }
  if (report.warnings.length) out.push('', 'Warnings', ...report.warnings.map((w) => `  ! ${w}`));
  out.push('', `done in ${(report.durationMs / 1000).toFixed(2)} s`);
  return out.join('\n');
}

/**
 * Leakage first, every group of it (it is never summarised), then how many duplicate groups there are (listed in
 * the issues and the JSON).
 */
function duplicateLines(report: DatasetReport): string[] {
  const q = report.quality;
  const out: string[] = [];
  if (q.leakage.length) {
    out.push('', `Leakage: ${q.leakage.length} group(s) of the same picture across splits or classes`);
    for (const leak of q.leakage) {
      const shown = leak.files.slice(0, 4).join(', ');
      const more = leak.files.length > 4 ? ` and ${leak.files.length - 4} more` : '';
      out.push(`  ${leak.kind} across ${leak.across.join(' and ')}: ${shown}${more}`);
    }
  }
  const { exact, near } = q.duplicates;
  if (exact.length || near.length)
    out.push('', `Duplicates: ${exact.length} exact group(s), ${near.length} near-duplicate group(s)`);
  return out;
}

function entries(record: Record<string, number>): string {
  return Object.entries(record)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}
