/**
 * The human labels of report kinds and counters, for the webview (which takes code from src/core only through
 * src/protocol); the table itself lives with the report, whose warnings use it too.
 */
export { ISSUE_KIND_LABELS, issueKindLabel, SKIPPED_LABELS } from '../core/engine/reportLabels';
