import type { DatasetReport, FileIssue } from '../engine/report';
import { escapeXml as esc } from '../util/escapeXml';
import type { GateResult } from './gateRules';
import { RULE_DESCRIPTIONS } from './ruleDescriptions';

/** A file's thumbnail as a data: URI (PNG), for the worst findings. */
export type Thumbnails = ReadonlyMap<string, string>;

/**
 * One self-contained HTML page of a report and its gate result: inline CSS and SVG charts, thumbnails as data:
 * URIs, and a Content-Security-Policy that forbids every request, so it reads the same offline, as a CI artifact.
 * Every string that came from the dataset (paths, class names, messages) is escaped.
 */
export function htmlReport(report: DatasetReport, gate: GateResult, thumbnails: Thumbnails): string {
  const verdict = gate.passed ? 'PASS' : 'FAIL';
  const title = `Dataset Lens — ${report.root}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p id="verdict" class="${verdict.toLowerCase()}">${verdict}: ${gate.failures.length} of ${gate.rules.length} rule(s) failed</p>
<p id="summary">${report.files} image files, ${report.images} decoded, layout ${esc(report.layout)}${
    report.sample ? `, seeded sample of ${report.sample.size}` : ''
  }</p>
${warningList(report.warnings)}
<h2>Rules</h2>
<table id="rules"><tr><th>rule</th><th>result</th><th>what it checks</th></tr>
${gate.rules.map((rule) => ruleRow(rule, gate)).join('\n')}
</table>
<h2>Classes</h2>
${classChart(report)}
<h2>Findings by kind</h2>
${kindChart(report)}
${statsTable(report)}
<h2>Worst findings</h2>
${findingCards(report, gate, thumbnails)}
<h2>All findings</h2>
${findingTable(report.issues)}
</body>
</html>
`;
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}
.pass{color:#176b2c;font-weight:bold}.fail{color:#b00020;font-weight:bold}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{width:160px;font-size:12px;word-break:break-all}
.card img{width:128px;height:128px;object-fit:contain;background:#eee;image-rendering:pixelated}
svg text{font:12px system-ui,sans-serif}`;

function ruleRow(rule: GateResult['rules'][number], gate: GateResult): string {
  const failure = gate.failures.find((f) => f.rule === rule);
  const result = failure
    ? `<span class="fail">FAIL</span> ${esc(failure.summary)}`
    : '<span class="pass">PASS</span>';
  return `<tr data-rule="${esc(rule)}"><td>${esc(rule)}</td><td>${result}</td><td>${esc(RULE_DESCRIPTIONS[rule])}</td></tr>`;
}

/** A horizontal bar chart: one labelled bar per entry, as inline SVG. */
function barChart(id: string, entries: [string, number][], colour: string): string {
  if (!entries.length) return `<p id="${id}">none</p>`;
  const max = Math.max(...entries.map(([, v]) => v), 1);
  const row = 22;
  const labelWidth = 180;
  const barWidth = 420;
  const bars = entries.map(([name, value], i) => {
    const width = Math.max(1, Math.round((value / max) * barWidth));
    const y = i * row;
    const label = name.length > 28 ? name.slice(0, 27) + '…' : name;
    return (
      `<g class="bar" data-name="${esc(name)}" data-value="${value}"><title>${esc(name)}: ${value}</title>` +
      `<text x="${labelWidth - 6}" y="${y + 15}" text-anchor="end">${esc(label)}</text>` +
      `<rect x="${labelWidth}" y="${y + 3}" width="${width}" height="${row - 6}" fill="${colour}"/>` +
      `<text x="${labelWidth + width + 4}" y="${y + 15}">${value}</text></g>`
    );
  });
  const height = entries.length * row;
  return `<svg id="${id}" xmlns="http://www.w3.org/2000/svg" width="${labelWidth + barWidth + 60}" height="${height}" role="img">${bars.join('')}</svg>`;
}

function classChart(report: DatasetReport): string {
  return barChart(
    'classes',
    report.classes.map((c) => [c.name, c.count]),
    '#3b73b9',
  );
}

function kindChart(report: DatasetReport): string {
  const counts = new Map<string, number>();
  for (const issue of report.issues) counts.set(issue.kind, (counts.get(issue.kind) ?? 0) + 1);
  for (const [kind, n] of Object.entries(report.quality.counts)) if (n) counts.set(kind, n);
  return barChart(
    'kinds',
    [...counts].sort((a, b) => b[1] - a[1]),
    '#c0392b',
  );
}

/** The report's warnings (numbered classes, unlistable folders, …), as the CLI and the panel list them. */
function warningList(warnings: readonly string[]): string {
  if (!warnings.length) return '';
  return `<h2>Warnings</h2><ul id="warnings">${warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`;
}

function statsTable(report: DatasetReport): string {
  const s = report.stats;
  if (!s) return '';
  const names = s.channels === 1 ? ['grey'] : ['R', 'G', 'B'];
  const row = (label: string, values: number[]) =>
    `<tr><th>${label}</th>${values.map((v) => `<td>${Number.isFinite(v) ? v.toFixed(4) : '-'}</td>`).join('')}</tr>`;
  return `<h2>Statistics (0..1)</h2><table id="stats"><tr><th></th>${names.map((n) => `<th>${n}</th>`).join('')}</tr>
${row('mean', s.mean)}${row('std', s.std)}</table>`;
}

/** Up to 24 findings with thumbnails, the most severe first. */
const CARDS = 24;

/**
 * The findings the report shows with thumbnails: by severity (a finding with no degree, an unreadable file, counts
 * as 1, as the report's severity says), at equal severity those of a failing rule first, then in report order.
 */
export function worstFindings(report: DatasetReport, gate: GateResult): FileIssue[] {
  const failing = new Set<string>(gate.failures.map((f) => f.rule));
  const severityOf = (issue: FileIssue) => issue.severity ?? 1;
  const ranked = [...report.issues].sort(
    (a, b) => severityOf(b) - severityOf(a) || Number(failing.has(b.kind)) - Number(failing.has(a.kind)),
  );
  return ranked.slice(0, CARDS);
}

function findingCards(report: DatasetReport, gate: GateResult, thumbnails: Thumbnails): string {
  const worst = worstFindings(report, gate);
  if (!worst.length) return '<p id="worst">none</p>';
  const cards = worst.map((issue) => {
    const uri = thumbnails.get(issue.file);
    const picture = uri
      ? `<img class="thumb" alt="${esc(issue.file)}" src="${esc(uri)}">`
      : '<div class="nothumb">no picture</div>';
    return `<div class="card" data-kind="${esc(issue.kind)}">${picture}<div><b>${esc(issue.kind)}</b> ${esc(issue.file)}</div><div>${esc(issue.message)}</div></div>`;
  });
  return `<div id="worst" class="cards">${cards.join('\n')}</div>`;
}

function findingTable(issues: readonly FileIssue[]): string {
  if (!issues.length) return '<p id="findings">none</p>';
  const rows = issues.map(
    (issue) =>
      `<tr><td>${esc(issue.kind)}</td><td>${esc(issue.file)}</td><td>${esc(issue.message)}</td></tr>`,
  );
  return `<table id="findings"><tr><th>kind</th><th>file</th><th>message</th></tr>\n${rows.join('\n')}\n</table>`;
}
