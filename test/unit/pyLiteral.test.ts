import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  pyBool,
  pyBytes,
  pyComment,
  pyDict,
  pyFloat,
  pyInt,
  pyList,
  pyStr,
  pyTuple,
} from '../../src/core/codegen/pyLiteral';
import { createRng } from '../../src/core/util/rng';
import { HOSTILE_STRINGS } from './helpers/hostileStrings';
import { pythonMissing, runPython } from './helpers/python';

/** What must never appear raw in generated code: line ends (Python's and editors'), bidi controls, NUL. */
// eslint-disable-next-line no-control-regex
const ONE_LINE_BREAKERS = /[\n\r\u0085\u2028\u2029\u202a-\u202e\u2066-\u2069\u0000]/u;

describe('pyFloat: Python repr of a double', () => {
  it('formats like repr for edge cases', () => {
    assert.equal(pyFloat(1), '1.0');
    assert.equal(pyFloat(-0), '-0.0');
    assert.equal(pyFloat(0.1), '0.1');
    assert.equal(pyFloat(1e-7), '1e-07');
    assert.equal(pyFloat(1e16), '1e+16');
    assert.equal(pyFloat(1.5e16), '1.5e+16');
    assert.equal(pyFloat(123456789012345680), '1.2345678901234568e+17');
    assert.equal(pyFloat(0.0001), '0.0001');
    assert.equal(pyFloat(0.00001), '1e-05');
    assert.equal(pyFloat(1e15), '1000000000000000.0');
    assert.equal(pyFloat(NaN), 'float("nan")');
    assert.equal(pyFloat(Infinity), 'float("inf")');
    assert.equal(pyFloat(-Infinity), '-float("inf")');
    // Significant digits only trim float noise from derived values (0.2² = 0.04000000000000001).
    assert.equal(pyFloat(0.2 * 0.2), '0.04000000000000001');
    assert.equal(pyFloat(0.2 * 0.2, 15), '0.04');
  });

  it('equals Python repr() on 4000 random doubles of every magnitude (exact round trip)', (t) => {
    const missing = pythonMissing();
    if (missing) return t.skip(missing);
    const rng = createRng(17);
    const view = new DataView(new ArrayBuffer(8));
    const hexes: string[] = [];
    const ours: string[] = [];
    for (let i = 0; i < 4000; i++) {
      view.setUint32(0, rng.int(0, 0xffffffff));
      view.setUint32(4, rng.int(0, 0xffffffff));
      // Half the cases in the range figures live in (1e-9 .. 1e9), half anywhere.
      if (i % 2 === 0) view.setFloat64(0, (rng.next() - 0.5) * 10 ** rng.int(-9, 9));
      const value = view.getFloat64(0);
      if (!Number.isFinite(value)) continue;
      let hex = '';
      for (let b = 0; b < 8; b++) hex += view.getUint8(b).toString(16).padStart(2, '0');
      hexes.push(hex);
      ours.push(pyFloat(value));
    }
    const theirs = runPython<string[]>(
      'import json, struct, sys\n' +
        'print(json.dumps([repr(struct.unpack(">d", bytes.fromhex(h))[0]) for h in json.load(sys.stdin)]))',
      hexes,
    );
    const differ = ours.map((o, i) => [o, theirs[i]]).filter(([o, p]) => o !== p);
    assert.deepEqual(differ.slice(0, 5), []);
    assert.ok(hexes.length > 3900);
  });
});

describe('pyStr / pyBytes / pyComment: user text can never become code', () => {
  it('emits one-line ASCII-safe literals that evaluate back to the exact string', (t) => {
    for (const s of HOSTILE_STRINGS) {
      const literal = pyStr(s);
      assert.doesNotMatch(literal, ONE_LINE_BREAKERS, literal);
      assert.ok(literal.startsWith('"') && literal.endsWith('"'), literal);
    }
    const missing = pythonMissing();
    if (missing) return t.skip(missing);
    const back = runPython<string[]>(
      'import ast, json, sys\nprint(json.dumps([ast.literal_eval(s) for s in json.load(sys.stdin)]))',
      HOSTILE_STRINGS.map(pyStr),
    );
    assert.deepEqual(back, HOSTILE_STRINGS);
  });

  it('keeps printable non-ASCII readable and escapes what Python repr escapes', () => {
    assert.equal(pyStr('猫 é'), '"猫 é"');
    assert.equal(pyStr('a\nb'), '"a\\nb"');
    assert.equal(pyStr('\u2028'), '"\\u2028"');
    assert.equal(pyStr('\u00a0'), '"\\xa0"');
    assert.equal(pyStr('\udc80'), '"\\udc80"');
    assert.equal(pyStr('"\\'), '"\\"\\\\"');
  });

  it('bytes that are not UTF-8 become surrogate escapes, as os.fsdecode gives them', (t) => {
    // ... and a U+FEFF inside stays (a decoder's byte-order-mark handling must not drop it).
    const name = Uint8Array.from([
      0x63, 0x61, 0x74, 0xff, 0x0a, 0xe2, 0x82, 0xac, 0xc3, 0xef, 0xbb, 0xbf, 0x64,
    ]);
    assert.equal(pyStr(name), '"cat\\udcff\\n€\\udcc3\\ufeffd"');
    assert.equal(pyStr(Uint8Array.from([0xc3, 0xa9])), '"é"');
    assert.equal(pyBytes(name), 'b"cat\\xff\\n\\xe2\\x82\\xac\\xc3\\xef\\xbb\\xbfd"');
    const missing = pythonMissing();
    if (missing) return t.skip(missing);
    const back = runPython<number[][]>(
      'import ast, json, os, sys\n' +
        'a, b = json.load(sys.stdin)\n' +
        'print(json.dumps([list(os.fsencode(ast.literal_eval(a))), list(ast.literal_eval(b))]))',
      [pyStr(name), pyBytes(name)],
      { LC_ALL: 'C.UTF-8' },
    );
    assert.deepEqual(back, [[...name], [...name]]);
  });

  it('comments stay on one line whatever the text', () => {
    for (const s of HOSTILE_STRINGS) {
      const comment = pyComment(`from ${s}`);
      assert.ok(comment.startsWith('# '));
      assert.doesNotMatch(comment, ONE_LINE_BREAKERS, comment);
    }
    assert.equal(pyComment('a\nb'), '# a\\nb');
  });
});

describe('containers', () => {
  it('builds lists, tuples, dicts, bools and ints from literals', () => {
    assert.equal(pyList([pyFloat(0.5), pyInt(2)]), '[0.5, 2]');
    assert.equal(pyTuple([pyInt(3)]), '(3,)');
    assert.equal(pyTuple([pyInt(3), pyInt(4)]), '(3, 4)');
    assert.equal(pyTuple([]), '()');
    assert.equal(pyDict([[pyStr('x'), pyFloat(1)]]), '{"x": 1.0}');
    assert.equal(pyBool(true), 'True');
    assert.throws(() => pyInt(1.5), /integer/);
  });
});
