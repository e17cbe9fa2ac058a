import { classesWithWords, glyphOf, isDigit } from './classWords';
import type { DatasetLook } from './probeTypes';
import { fmt, RULE_LIMITS, unique, words, type Finding, type RuleContext } from './ruleCommon';
import type { StepFacts } from './stepFacts';

/** Glyph pairs each geometric change maps onto each other (case matters: b/d, but not B/D). */
const GLYPH_PAIRS = {
  mirrorLeftRight: [
    ['b', 'd'],
    ['p', 'q'],
  ],
  mirrorUpDown: [
    ['6', '9'],
    ['b', 'p'],
    ['d', 'q'],
    ['n', 'u'],
    ['m', 'w'],
    ['M', 'W'],
  ],
  halfTurn: [
    ['6', '9'],
    ['b', 'q'],
    ['d', 'p'],
    ['n', 'u'],
    ['m', 'w'],
    ['M', 'W'],
  ],
} as const;

type Change = keyof typeof GLYPH_PAIRS;

const CHANGE_TEXT: Record<Change, string> = {
  mirrorLeftRight: 'mirrored left-right',
  mirrorUpDown: 'flipped upside down',
  halfTurn: 'rotated by 180°',
};

/** The geometric changes a step can make, at its configured range. */
function changesOf(facts: StepFacts): Change[] {
  const out: Change[] = [];
  if (facts.mirrorsLeftRight) out.push('mirrorLeftRight');
  if (facts.mirrorsUpDown) out.push('mirrorUpDown');
  if (facts.turn >= RULE_LIMITS.halfTurn) out.push('halfTurn');
  return out;
}

/** Digits and letters: pairs that turn into each other, else glyphs that stop being glyphs. */
export function glyphRules(facts: StepFacts, { classes, look, numberedClasses }: RuleContext): Finding[] {
  const byGlyph = new Map<string, string>();
  // Label numbers name no glyph: Fashion-MNIST's class 6 is a shirt.
  for (const name of numberedClasses ? [] : classes) {
    const glyph = glyphOf(name);
    if (glyph !== undefined && !byGlyph.has(glyph)) byGlyph.set(glyph, name);
  }
  const out: Finding[] = [];
  // Two classes named "0" and "1" are often just numbered classes: three, or glyph-like images, make it digits.
  const enough = (n: number) => n >= 3 || (n >= 2 && looksLikeGlyphs(look));
  const digits = [...byGlyph.keys()].filter(isDigit);
  const letters = [...byGlyph.keys()].filter((g) => !isDigit(g));
  if (enough(digits.length)) out.push(...glyphFindings('digits', facts, byGlyph, isDigit));
  if (enough(letters.length)) out.push(...glyphFindings('letters', facts, byGlyph, (g) => !isDigit(g)));
  if (!out.length) out.push(...textRule(facts, classes));
  return out;
}

function glyphFindings(
  rule: 'digits' | 'letters',
  facts: StepFacts,
  byGlyph: Map<string, string>,
  inRule: (glyph: string) => boolean,
): Finding[] {
  const classes = [...byGlyph].filter(([g]) => inRule(g)).map(([, name]) => name);
  const kind = rule === 'digits' ? 'digit' : 'letter';
  const out: Finding[] = [];
  for (const change of changesOf(facts)) {
    const pairs: [string, string][] = [];
    const texts: string[] = [];
    for (const [a, b] of GLYPH_PAIRS[change]) {
      const x = byGlyph.get(a);
      const y = byGlyph.get(b);
      if (x === undefined || y === undefined || !inRule(a)) continue;
      pairs.push([x, y], [y, x]);
      // An upside-down 6 is a mirrored 9: close enough to pass for one, not the same glyph.
      const verb = change === 'mirrorUpDown' && isDigit(a) ? 'passes for' : 'reads as';
      texts.push(`a ${a} ${CHANGE_TEXT[change]} ${verb} a ${b} (and a ${b} ${verb} a ${a})`);
    }
    if (pairs.length) {
      out.push({ rule, verdict: 'breaks', classes: unique(pairs.flat()), pairs, reason: texts.join('; ') });
    } else {
      out.push({
        rule,
        verdict: 'risky',
        classes,
        pairs: [],
        reason: `a ${kind} ${CHANGE_TEXT[change]} is no ${kind} (${rule === 'digits' ? 'a mirrored 7, an upside-down 4' : 'a mirrored R, an upside-down F'}): the model learns to accept shapes no real image has`,
      });
    }
  }
  if (facts.turn >= RULE_LIMITS.turnRisky && facts.turn < RULE_LIMITS.halfTurn) {
    out.push({
      rule,
      verdict: 'risky',
      classes,
      pairs: [],
      reason: `rotations up to ${fmt(facts.turn)}° make ${kind}s ambiguous (a tilted 1 and a 7, a turned 6 and a 9); MNIST recipes stay within ±15°`,
    });
  }
  return out;
}

const TEXT_WORDS = words(
  'text word words letter letters character characters char chars handwriting handwritten digit digits number numbers numeral numerals ocr font fonts captcha plate plates alphabet kanji hiragana katakana signature script',
);

function textRule(facts: StepFacts, classes: readonly string[]): Finding[] {
  const hits = classesWithWords(classes, TEXT_WORDS).map((c) => c.name);
  if (!hits.length) return [];
  const out: Finding[] = [];
  for (const change of changesOf(facts)) {
    out.push({
      rule: 'text',
      verdict: 'risky',
      classes: hits,
      pairs: [],
      reason: `text ${CHANGE_TEXT[change]} reads differently or not at all (b/d, p/q, 6/9)`,
    });
  }
  if (facts.turn >= RULE_LIMITS.turnRisky && facts.turn < RULE_LIMITS.halfTurn) {
    out.push({
      rule: 'text',
      verdict: 'risky',
      classes: hits,
      pairs: [],
      reason: `text rotated up to ${fmt(facts.turn)}° is hard to read`,
    });
  }
  return out;
}

/**
 * Most ink a set of thin strokes leaves: a glyph drawn with strokes a tenth of the frame wide and two to three
 * frames long covers a fifth to a third of it; a filled silhouette covers the bulk of its box.
 */
export const THIN_STROKES_COVERAGE = 0.35;

/**
 * MNIST-like: nearly all grey, small and square, thin strokes (little ink) and foreground centred (or not known to
 * be off-centre). Grey, small and centred alone also describes clothing silhouettes (Fashion-MNIST), whose mirror
 * image is the same garment.
 */
export function looksLikeGlyphs(look: DatasetLook | null): boolean {
  if (!look || look.images === 0) return false;
  const side = Math.max(look.medianWidth, look.medianHeight);
  return (
    look.greyFraction >= 0.9 &&
    side <= 64 &&
    look.medianAspect >= 0.8 &&
    look.medianAspect <= 1.25 &&
    look.centred !== false &&
    (look.inkCoverage === null || look.inkCoverage <= THIN_STROKES_COVERAGE)
  );
}

export function lookRule(facts: StepFacts, look: DatasetLook | null): Finding[] {
  if (!looksLikeGlyphs(look) || !look) return [];
  const ink =
    look.inkCoverage === null ? '' : `, ink on ${Math.round(look.inkCoverage * 100)}% of the pixels`;
  const what = `the images look like centred grey glyphs (median ${look.medianWidth}x${look.medianHeight}, ${Math.round(look.greyFraction * 100)}% grey${ink}), as in MNIST`;
  const out: Finding[] = [];
  for (const change of changesOf(facts)) {
    out.push({
      rule: 'glyphLook',
      verdict: 'risky',
      classes: [],
      pairs: [],
      reason: `${what}: a glyph ${CHANGE_TEXT[change]} is usually another symbol or none`,
    });
  }
  if (facts.turn >= RULE_LIMITS.turnRisky && facts.turn < RULE_LIMITS.halfTurn) {
    out.push({
      rule: 'glyphLook',
      verdict: 'risky',
      classes: [],
      pairs: [],
      reason: `${what}: rotations up to ${fmt(facts.turn)}° make glyphs ambiguous`,
    });
  }
  return out;
}
