/**
 * What class names say about the labels: the glyph a class stands for ("6", "six", "digit_6" -> "6"; "b",
 * "letter_b" -> "b") and the words in a name ("turn_left" -> turn, left; "RedApple" -> red, apple).
 */

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/**
 * Prefixes datasets put before a glyph: "digit_6", "letter b", "char_A". Not "class" or "label": "class_3" is a
 * numbered class more often than a picture of a 3.
 */
const GLYPH_PREFIX = /^(?:digit|digits|num|number|numeral|letter|letters|char|character|glyph)[\s_-]*/i;

/** Lower-case words of a name: split at non-letters, digit runs and camelCase humps. */
export function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** The single digit or letter a class stands for, case kept ("b" and "B" differ), or undefined. */
export function glyphOf(name: string): string | undefined {
  const bare = name.trim().replace(GLYPH_PREFIX, '');
  if (/^[0-9A-Za-z]$/.test(bare)) return bare;
  const number = NUMBER_WORDS.indexOf(bare.toLowerCase());
  return number >= 0 ? String(number) : undefined;
}

export function isDigit(glyph: string): boolean {
  return /^[0-9]$/.test(glyph);
}

/** Classes whose name contains one of `words`, with the first word found. */
export function classesWithWords(
  classes: readonly string[],
  words: readonly string[],
): { name: string; word: string }[] {
  const out: { name: string; word: string }[] = [];
  for (const name of classes) {
    const word = wordsOf(name).find((w) => words.includes(w));
    if (word) out.push({ name, word });
  }
  return out;
}

/**
 * Class pairs whose names hold opposite words of one of `groups` ([["left"], ["right"]]): each pair in both
 * directions, e.g. [["turn_left", "turn_right"], ["turn_right", "turn_left"]].
 */
export function oppositePairs(
  classes: readonly string[],
  groups: readonly (readonly [readonly string[], readonly string[]])[],
): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [side, other] of groups) {
    const a = classesWithWords(classes, side).map((c) => c.name);
    const b = classesWithWords(classes, other).map((c) => c.name);
    for (const x of a) for (const y of b) if (x !== y) pairs.push([x, y], [y, x]);
  }
  return pairs;
}
