import { classesWithWords, oppositePairs, wordsOf } from './classWords';
import { fmt, RULE_LIMITS, unique, words, type Finding } from './ruleCommon';
import type { StepFacts } from './stepFacts';

/** Opposite direction words: a class naming one side and another naming the other make a swappable pair. */
const LEFT_RIGHT: [string[], string[]][] = [
  [
    ['left', 'leftward', 'leftwards'],
    ['right', 'rightward', 'rightwards'],
  ],
  [['east'], ['west']],
  [['clockwise'], ['anticlockwise', 'counterclockwise']],
];
const UP_DOWN: [string[], string[]][] = [
  [
    ['up', 'upright', 'upward', 'upwards'],
    ['down', 'downward', 'downwards', 'inverted', 'upside'],
  ],
  [['north'], ['south']],
  [['top'], ['bottom']],
  [['above'], ['below']],
];
/**
 * Common words that name a direction only when they are the whole class name ("up") or when another class names
 * the opposite side ("shelf_top" / "shelf_bottom"): inside one name they mostly mean something else ("T-shirt_top").
 */
const AMBIGUOUS = words('top bottom left right up down');
const DIRECTION_WORDS = words('arrow arrows direction orientation pointing heading compass rotated');
const SCENE_WORDS = words(
  'road roads street streets traffic lane lanes highway driving crosswalk pedestrian sky landscape building buildings scene scenes indoor outdoor',
);

/** Directions in class names: mirrors and turns that point them elsewhere, or swap two named directions. */
export function orientationRules(facts: StepFacts, classes: readonly string[]): Finding[] {
  const horizontal = LEFT_RIGHT.flatMap(([a, b]) => [...a, ...b]);
  const vertical = UP_DOWN.flatMap(([a, b]) => [...a, ...b]);
  const hWords = directionalClasses(classes, horizontal, LEFT_RIGHT);
  const vWords = directionalClasses(classes, vertical, UP_DOWN);
  const generic = classesWithWords(classes, DIRECTION_WORDS).map((c) => c.name);
  const scene = classesWithWords(classes, SCENE_WORDS).map((c) => c.name);
  const out: Finding[] = [];
  const mirror = (
    applies: boolean,
    named: string[],
    groups: [string[], string[]][],
    text: string,
    example: string,
  ) => {
    if (!applies || !(named.length || generic.length)) return;
    out.push(
      directionFinding(
        oppositePairs(classes, groups),
        `${text} swaps ${example}`,
        [...named, ...generic],
        `the classes name a direction: ${text} points the other way`,
      ),
    );
  };
  mirror(facts.mirrorsLeftRight, hWords, LEFT_RIGHT, 'a left-right mirror', 'left and right');
  mirror(facts.mirrorsUpDown, vWords, UP_DOWN, 'an upside-down flip', 'up and down');
  if (facts.turn >= RULE_LIMITS.turnRisky && (hWords.length || vWords.length || generic.length)) {
    const opposite =
      facts.turn >= RULE_LIMITS.halfTurn ? oppositePairs(classes, [...LEFT_RIGHT, ...UP_DOWN]) : [];
    const quarter =
      facts.turn >= RULE_LIMITS.quarterTurn && hWords.length && vWords.length
        ? crossPairs(hWords, vWords)
        : [];
    out.push(
      directionFinding(
        [...opposite, ...quarter],
        `rotations up to ${fmt(facts.turn)}° turn one direction into another (${opposite.length ? 'up into down' : 'up into left'})`,
        [...hWords, ...vWords, ...generic],
        `the classes name a direction: rotations up to ${fmt(facts.turn)}° point it elsewhere`,
      ),
    );
  }
  if (scene.length && (facts.mirrorsUpDown || facts.turn >= RULE_LIMITS.quarterTurn)) {
    out.push({
      rule: 'scene',
      verdict: 'risky',
      classes: scene,
      pairs: [],
      reason: `scenes ${facts.mirrorsUpDown ? 'flipped upside down' : `rotated up to ${fmt(facts.turn)}°`} put the sky beside or below the road: no such photo exists`,
    });
  }
  return out;
}

/** Classes naming a direction of `groups`; an ambiguous word counts alone or when a class names its opposite. */
function directionalClasses(
  classes: readonly string[],
  directionWords: readonly string[],
  groups: readonly [string[], string[]][],
): string[] {
  const paired = new Set(oppositePairs(classes, groups).flat());
  return classesWithWords(classes, directionWords)
    .filter(({ name, word }) => !AMBIGUOUS.includes(word) || paired.has(name) || wordsOf(name).length === 1)
    .map((c) => c.name);
}

/** `breaks` when named directions swap into each other (pairs found), else `risky` for the direction classes. */
function directionFinding(
  pairs: [string, string][],
  breaksReason: string,
  directional: string[],
  riskyReason: string,
): Finding {
  return pairs.length
    ? { rule: 'orientation', verdict: 'breaks', classes: unique(pairs.flat()), pairs, reason: breaksReason }
    : { rule: 'orientation', verdict: 'risky', classes: unique(directional), pairs: [], reason: riskyReason };
}

function crossPairs(a: string[], b: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const x of a) for (const y of b) if (x !== y) out.push([x, y], [y, x]);
  return out;
}
