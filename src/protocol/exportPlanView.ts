import type { ClassPlan } from '../core/export/exportPlan';
import { boolean, integer } from './paramChecks';

/** The export settings that decide how many files each class gets. */
export interface ExportPlanParams {
  copies: number;
  balance: boolean;
  /** Write every source unaugmented too, beside its copies. */
  keepOriginals: boolean;
}

/** The export's plan per class (per split), from the same listing and planner the export runs. */
export interface ExportPlanView {
  classes: ClassPlan[];
}

/** Checks the plan settings the webview sent (untrusted). `keepOriginals` may be absent: false. */
export function exportPlanParams(p: Record<string, unknown>): ExportPlanParams {
  return {
    copies: integer(p.copies, 'copies', 1, 1000),
    balance: boolean(p.balance, 'balance'),
    keepOriginals: p.keepOriginals === undefined ? false : boolean(p.keepOriginals, 'keepOriginals'),
  };
}

/** A class's planned files: augmented copies plus, when kept, its originals. */
export function plannedTotal(c: ClassPlan): number {
  return c.outputs + (c.originals ?? 0);
}
