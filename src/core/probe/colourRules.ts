import { classesWithWords } from './classWords';
import { fmt, RULE_LIMITS, unique, words, type Finding } from './ruleCommon';
import type { StepFacts } from './stepFacts';

/** Named hues (degrees on the HSV wheel) of colour words; words without a hue still mark colour classes. */
const HUES: Record<string, number> = {
  red: 0,
  maroon: 0,
  scarlet: 0,
  crimson: 350,
  orange: 30,
  brown: 30,
  amber: 45,
  gold: 50,
  golden: 50,
  yellow: 60,
  lime: 90,
  olive: 60,
  green: 120,
  teal: 180,
  cyan: 180,
  turquoise: 175,
  blue: 240,
  navy: 240,
  indigo: 275,
  violet: 270,
  purple: 285,
  magenta: 300,
  pink: 330,
};
const COLOUR_WORDS = [
  ...Object.keys(HUES),
  ...words('ripe unripe overripe rotten colour color coloured colored'),
];
const BRIGHTNESS_WORDS = words(
  'dark bright dim night day daytime nighttime black white grey gray shadow overexposed underexposed sunny',
);

export function colourRules(facts: StepFacts, classes: readonly string[]): Finding[] {
  const colour = classesWithWords(classes, COLOUR_WORDS);
  const names = colour.map((c) => c.name);
  const out: Finding[] = [];
  if (colour.length) {
    const colourFinding = (verdict: 'risky' | 'breaks', reason: string, pairs: [string, string][] = []) =>
      out.push({
        rule: 'colour',
        verdict,
        classes: pairs.length ? unique(pairs.flat()) : names,
        pairs,
        reason,
      });
    if (facts.hueShift >= RULE_LIMITS.hueRisky) {
      const degrees = facts.hueShift * 360;
      const pairs = huePairs(colour, degrees);
      if (pairs.length) {
        colourFinding(
          'breaks',
          `a hue shift of up to ${fmt(degrees)}° turns one named colour into another`,
          pairs,
        );
      } else if (colour.length >= 2 && facts.hueShift >= RULE_LIMITS.hueBreaks) {
        colourFinding(
          'breaks',
          `a hue shift of up to ${fmt(degrees)}° moves green to yellow: colour-defined classes swap`,
        );
      } else {
        colourFinding(
          'risky',
          `the classes are defined by colour: a hue shift of up to ${fmt(degrees)}° blurs them`,
        );
      }
    }
    if (facts.removesColour) {
      if (colour.length >= 2)
        colourFinding('breaks', 'grayscale removes the colour that tells these classes apart');
      else colourFinding('risky', 'grayscale removes the colour this class is named after');
    }
    if (facts.saturationMin <= RULE_LIMITS.saturationRisky) {
      colourFinding(
        'risky',
        `saturation down to x${fmt(facts.saturationMin)} fades colour-defined classes toward grey`,
      );
    }
    if (facts.channelShift >= RULE_LIMITS.channelShiftRisky) {
      colourFinding(
        'risky',
        `per-channel shifts of up to ${fmt(facts.channelShift)} levels change the hue of colour-defined classes`,
      );
    }
  }
  const light = classesWithWords(classes, BRIGHTNESS_WORDS).map((c) => c.name);
  if (light.length && facts.brightnessChange >= RULE_LIMITS.brightnessRisky) {
    out.push({
      rule: 'brightness',
      verdict: 'risky',
      classes: light,
      pairs: [],
      reason: `the classes are named by brightness: a change of up to ${Math.round(facts.brightnessChange * 100)}% can make one look like another`,
    });
  }
  return out;
}

/** Colour classes whose hues lie within reach of the shift. */
function huePairs(colour: { name: string; word: string }[], degrees: number): [string, string][] {
  const pairs: [string, string][] = [];
  for (const a of colour) {
    for (const b of colour) {
      const ha = HUES[a.word];
      const hb = HUES[b.word];
      if (a === b || ha === undefined || hb === undefined) continue;
      const gap = Math.min(Math.abs(ha - hb), 360 - Math.abs(ha - hb));
      if (gap >= 30 && degrees >= gap - RULE_LIMITS.hueReach) pairs.push([a.name, b.name]);
    }
  }
  return pairs;
}
