import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { glyphOf, wordsOf } from '../../src/core/probe/classWords';
import type { DatasetLook, RuleFinding } from '../../src/core/probe/probeTypes';
import { looksLikeGlyphs } from '../../src/core/probe/glyphRules';
import { labelRules } from '../../src/core/probe/rules';
import { maxTurn, paramRange } from '../../src/core/probe/stepRanges';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

function rules(classes: string[], transforms: object[], look: DatasetLook | null = null): RuleFinding[] {
  return labelRules(validatePipeline({ version: 1, transforms }), { classes, look });
}

function only(findings: RuleFinding[], name: string): RuleFinding[] {
  return findings.filter((f) => f.name === name);
}

const MNIST_LOOK: DatasetLook = {
  images: 1000,
  greyFraction: 1,
  medianWidth: 28,
  medianHeight: 28,
  medianAspect: 1,
  centred: true,
  inkCoverage: 0.19,
};

test('class names: words and glyphs', () => {
  assert.deepEqual(wordsOf('turn_left'), ['turn', 'left']);
  assert.deepEqual(wordsOf('RedApple'), ['red', 'apple']);
  assert.deepEqual(wordsOf('upside-down 2'), ['upside', 'down']);
  assert.equal(glyphOf('6'), '6');
  assert.equal(glyphOf('six'), '6');
  assert.equal(glyphOf('digit_9'), '9');
  assert.equal(glyphOf('letter b'), 'b');
  assert.equal(glyphOf('B'), 'B');
  assert.equal(glyphOf('class_3'), undefined, 'numbered classes are not digits');
  assert.equal(glyphOf('cat'), undefined);
});

test('step ranges come from the sampler: defaults, factor and degrees alike', () => {
  const [rotDefault, rotFactor, rotDegrees] = validatePipeline({
    version: 1,
    transforms: [
      { name: 'rotate' },
      { name: 'rotate', factor: [-0.5, 0.5] },
      { name: 'rotate', degrees: [170, 190] },
    ],
  }).steps;
  assert.deepEqual(paramRange(rotDefault, 'degrees'), [-15, 15]);
  assert.deepEqual(paramRange(rotFactor, 'degrees'), [-180, 180]);
  assert.equal(maxTurn(paramRange(rotDegrees, 'degrees')!), 180);
  assert.equal(maxTurn([-10, 10]), 10);
  assert.equal(maxTurn([350, 355]), 10);
  assert.equal(maxTurn([-200, -190]), 170);
});

test('digits: 180° turns and vertical flips swap 6 and 9; small turns are fine', () => {
  const findings = rules(DIGITS, [
    { name: 'rotate', degrees: [-180, 180] },
    { name: 'flipVertical' },
    { name: 'rotate', degrees: [-10, 10] },
    { name: 'flipHorizontal' },
    { name: 'rotate', degrees: [-60, 60] },
  ]);
  const turn = findings.filter((f) => f.index === 0);
  assert.equal(turn.length, 1);
  assert.equal(turn[0].rule, 'digits');
  assert.equal(turn[0].verdict, 'breaks');
  assert.deepEqual(turn[0].pairs, [
    ['6', '9'],
    ['9', '6'],
  ]);
  assert.match(turn[0].reason, /6 rotated by 180° reads as a 9/);
  const flip = findings.filter((f) => f.index === 1);
  assert.equal(flip[0].verdict, 'breaks');
  assert.deepEqual(flip[0].classes, ['6', '9']);
  assert.deepEqual(
    findings.filter((f) => f.index === 2),
    [],
    'rotate ±10° is what MNIST recipes do',
  );
  const mirror = findings.filter((f) => f.index === 3);
  assert.equal(
    mirror[0].verdict,
    'risky',
    'no digit pair mirrors left-right, but a mirrored digit is no digit',
  );
  const tilt = findings.filter((f) => f.index === 4);
  assert.equal(tilt[0].verdict, 'risky');
  assert.match(tilt[0].reason, /up to 60°/);
});

test('digits without 6 and 9: flips are risky, not breaks; a factor of 0.5 (±180°) is seen as a half turn', () => {
  const findings = rules(
    ['0', '1', '7'],
    [{ name: 'flipVertical' }, { name: 'rotate', factor: [-0.5, 0.5] }],
  );
  assert.deepEqual(
    findings.map((f) => [f.name, f.verdict]),
    [
      ['flipVertical', 'risky'],
      ['rotate', 'risky'],
    ],
  );
});

test('a step with p = 0 never runs: no rule fires on it', () => {
  assert.deepEqual(rules(DIGITS, [{ name: 'flipVertical', p: 0 }]), []);
});

test('letters: b/d under a left-right mirror, p/q, n/u under half turns; case matters', () => {
  const letters = ['a', 'b', 'd', 'n', 'p', 'q', 'u'];
  const findings = rules(letters, [{ name: 'flipHorizontal' }, { name: 'rotate', degrees: [180, 180] }]);
  const mirror = only(findings, 'flipHorizontal');
  assert.equal(mirror[0].rule, 'letters');
  assert.equal(mirror[0].verdict, 'breaks');
  assert.deepEqual(mirror[0].pairs, [
    ['b', 'd'],
    ['d', 'b'],
    ['p', 'q'],
    ['q', 'p'],
  ]);
  const turn = only(findings, 'rotate');
  assert.equal(turn[0].verdict, 'breaks');
  assert.ok(turn[0].pairs.some(([a, b]) => a === 'n' && b === 'u'));
  assert.ok(turn[0].pairs.some(([a, b]) => a === 'd' && b === 'p'));
  const upper = rules(['B', 'D', 'P', 'Q'], [{ name: 'flipHorizontal' }]);
  assert.equal(upper[0].verdict, 'risky', 'a mirrored B is no D');
});

test('text classes: flips are risky', () => {
  const findings = rules(['handwritten_text', 'printed_text', 'photo'], [{ name: 'flipHorizontal' }]);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].rule, 'text');
  assert.deepEqual(findings[0].classes, ['handwritten_text', 'printed_text']);
});

test('orientation words: left/right breaks a mirror, up/down a vertical flip and a half turn', () => {
  const arrows = ['arrow_left', 'arrow_right', 'arrow_up', 'arrow_down'];
  const findings = rules(arrows, [
    { name: 'flipHorizontal' },
    { name: 'flipVertical' },
    { name: 'rotate', degrees: [-90, 90] },
    { name: 'rotate', degrees: [-10, 10] },
  ]);
  const h = only(findings, 'flipHorizontal');
  assert.equal(h[0].verdict, 'breaks');
  assert.deepEqual(h[0].pairs, [
    ['arrow_left', 'arrow_right'],
    ['arrow_right', 'arrow_left'],
  ]);
  assert.equal(findings.find((f) => f.index === 1)?.verdict, 'breaks');
  const quarter = findings.find((f) => f.index === 2);
  assert.equal(quarter?.verdict, 'breaks', 'a quarter turn makes up into left');
  assert.equal(
    findings.find((f) => f.index === 3),
    undefined,
  );
  // One direction alone: still risky, nothing to swap with.
  const single = rules(['north_facing', 'other'], [{ name: 'flipVertical' }]);
  assert.equal(single[0].verdict, 'risky');
  // Road scenes: the sky is above.
  const roads = rules(['road', 'offroad'], [{ name: 'flipVertical' }, { name: 'flipHorizontal' }]);
  assert.deepEqual(
    roads.map((f) => [f.rule, f.name, f.verdict]),
    [['scene', 'flipVertical', 'risky']],
  );
});

test('direction words inside a name count only alone or as a pair: "T-shirt_top" is no direction', () => {
  const fashion = [
    'Ankle_boot',
    'Bag',
    'Coat',
    'Dress',
    'Pullover',
    'Sandal',
    'Shirt',
    'Sneaker',
    'T-shirt_top',
    'Trouser',
  ];
  const turns = [
    { name: 'flipVertical' },
    { name: 'rotate', degrees: [-90, 90] },
    { name: 'flipHorizontal' },
  ];
  assert.deepEqual(
    rules(fashion, turns).filter((f) => f.rule === 'orientation'),
    [],
  );
  assert.deepEqual(rules(['left_shoe_brand', 'sandal'], [{ name: 'flipHorizontal' }]), []);
  // Alone, the word is the class: a direction.
  const alone = rules(['top', 'other'], [{ name: 'flipVertical' }]);
  assert.deepEqual(
    alone.map((f) => [f.rule, f.verdict, f.classes]),
    [['orientation', 'risky', ['top']]],
  );
  // As a pair, the classes name both sides: a swap.
  const pair = rules(['shelf_top', 'shelf_bottom', 'other'], [{ name: 'flipVertical' }]);
  assert.deepEqual(
    pair.map((f) => [f.rule, f.verdict, f.pairs]),
    [
      [
        'orientation',
        'breaks',
        [
          ['shelf_top', 'shelf_bottom'],
          ['shelf_bottom', 'shelf_top'],
        ],
      ],
    ],
  );
  // Unambiguous direction words still count inside a name.
  assert.equal(rules(['north_facing', 'other'], [{ name: 'flipVertical' }])[0].verdict, 'risky');
});

test('colour words: hue shifts, grayscale, saturation; named hues give pairs', () => {
  const fruit = ['ripe', 'unripe'];
  const small = rules(fruit, [{ name: 'hue', delta: [-0.02, 0.02] }]);
  assert.deepEqual(small, [], 'a 7° hue jitter keeps ripe and unripe apart');
  const medium = rules(fruit, [{ name: 'hue' }]);
  assert.equal(medium[0].verdict, 'risky', 'the default ±0.05 turns (18°) is risky for colour classes');
  const big = rules(fruit, [{ name: 'hue', delta: [-0.2, 0.2] }]);
  assert.equal(big[0].verdict, 'breaks');
  const lights = rules(['red_light', 'green_light', 'yellow_light'], [{ name: 'hue', delta: [-0.15, 0.15] }]);
  assert.equal(lights[0].verdict, 'breaks');
  assert.deepEqual(lights[0].pairs, [
    ['red_light', 'yellow_light'],
    ['green_light', 'yellow_light'],
    ['yellow_light', 'red_light'],
    ['yellow_light', 'green_light'],
  ]);
  const grey = rules(['red_car', 'blue_car'], [{ name: 'grayscale' }]);
  assert.equal(grey[0].verdict, 'breaks');
  assert.match(grey[0].reason, /grayscale removes the colour/);
  const fade = rules(['red_car', 'blue_car'], [{ name: 'saturation', factor: [0.2, 1.2] }]);
  assert.equal(fade[0].verdict, 'risky');
  const shift = rules(['red_car', 'blue_car'], [{ name: 'channelShift', shift: [-60, 60] }]);
  assert.equal(shift[0].verdict, 'risky');
  const day = rules(['day', 'night'], [{ name: 'brightness', delta: [-0.5, 0.5] }]);
  assert.equal(day[0].rule, 'brightness');
});

test('glyph look: MNIST-like images without glyph names still flag flips; photos do not', () => {
  const findings = rules(['class_a', 'class_b', 'class_c'], [{ name: 'flipHorizontal' }], MNIST_LOOK);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].rule, 'glyphLook');
  assert.equal(findings[0].verdict, 'risky');
  assert.ok(looksLikeGlyphs(MNIST_LOOK));
  assert.ok(!looksLikeGlyphs({ ...MNIST_LOOK, medianWidth: 224, medianHeight: 224 }));
  assert.ok(!looksLikeGlyphs({ ...MNIST_LOOK, greyFraction: 0.3 }));
  assert.ok(!looksLikeGlyphs({ ...MNIST_LOOK, centred: false }));
  // Two classes "0" and "1" are numbered classes, unless the images look like glyphs.
  assert.deepEqual(rules(['0', '1'], [{ name: 'flipVertical' }]), []);
  assert.equal(rules(['0', '1'], [{ name: 'flipVertical' }], MNIST_LOOK)[0].rule, 'digits');
});

test('neutral names with mild transforms: no rule fires', () => {
  const findings = rules(
    ['cat', 'dog', 'horse'],
    [
      { name: 'flipHorizontal' },
      { name: 'rotate', degrees: [-15, 15] },
      { name: 'brightness' },
      { name: 'hue' },
      { name: 'saturation' },
      { name: 'grayscale' },
      { name: 'randomResizedCrop', size: [224, 224] },
      { name: 'gaussianBlur' },
    ],
    { ...MNIST_LOOK, medianWidth: 320, medianHeight: 240, medianAspect: 1.33, greyFraction: 0 },
  );
  assert.deepEqual(findings, []);
});
