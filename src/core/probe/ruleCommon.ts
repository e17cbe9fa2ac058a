import type { DatasetLook, RuleFinding } from './probeTypes';

/**
 * Limits of the rules, in the units of the pipeline file. Below them a transform is accepted practice
 * (MNIST recipes rotate ±10-15°; torchvision's ColorJitter examples shift hue by up to 0.05 turns).
 */
export const RULE_LIMITS = {
  /** Turns beyond this make glyphs and arrows other shapes. */
  turnRisky: 45,
  /** Turns beyond this reach the upside-down image (6 -> 9, up -> down). */
  halfTurn: 135,
  /** Turns beyond this reach a quarter turn (an up arrow -> a left arrow). */
  quarterTurn: 67.5,
  /** Hue shifts (turns) from which colour-defined classes drift: 18°. */
  hueRisky: 0.05,
  /** A hue shift within this of the gap between two named colours (degrees) reaches the other colour. */
  hueReach: 15,
  /** Without named hues (ripe / unripe), a shift of 60° (green -> yellow) reaches another class. */
  hueBreaks: 1 / 6,
  saturationRisky: 0.5,
  channelShiftRisky: 40,
  brightnessRisky: 0.3,
} as const;

export interface RuleContext {
  classes: readonly string[];
  look: DatasetLook | null;
  /** The class names are a container's label numbers (ScanPlan.numberedClasses): not read as digits. */
  numberedClasses?: boolean;
}

/** What the rules say when they leave numbered classes alone (a probe's or a report's warnings). */
export const NUMBERED_CLASSES_NOTE =
  'class names are label numbers (an idx file, WebDataset class numbers, or Parquet without names), not names: the digits rule does not read them as digits; name them in classes.txt beside the files (one name a line) or with --class-names';

/** The rules' context of an analysis report: its class names, and whether they are label numbers. */
export function classesOfReport(report: {
  classes: readonly { name: string }[];
  numberedClasses?: true;
}): Pick<RuleContext, 'classes' | 'numberedClasses'> {
  return { classes: report.classes.map((c) => c.name), numberedClasses: !!report.numberedClasses };
}

/** A finding before it is tied to a step (index and name are added by labelRules). */
export type Finding = Omit<RuleFinding, 'index' | 'name'>;

/** A word list written as one string, so it stays readable (and prettier keeps it on a few lines). */
export function words(list: string): string[] {
  return list.split(/\s+/).filter(Boolean);
}

export function unique(names: string[]): string[] {
  return [...new Set(names)];
}

export function fmt(v: number): string {
  return String(Math.round(v * 100) / 100);
}
