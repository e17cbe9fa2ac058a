/** Strings a folder name, CSV label or path can hold that would break naive code generation. */
export const HOSTILE_STRINGS = [
  'cat\nopen("PWNED", "w")',
  'cat\r__import__("os").system("touch PWNED")',
  'cat\r\nexec("1")',
  'line\u2028sep\u2029para\u0085next',
  'quote " and \' and """ and \'\'\'',
  'back\\slash\\',
  'trailing backslash \\',
  'hash # not a comment',
  'nul\u0000byte\u0007bell\u001bescape\u007fdel',
  'bidi \u202eevil\u202c \u2066iso\u2069 zero\u200bwidth \ufeffbom',
  'lone \udc80 surrogate \ud800 high',
  'replacement \ufffd from non-UTF-8 bytes',
  'astral 🐈 and CJK 猫 and é',
  'nbsp\u00a0ideographic\u3000space',
  '',
  '{}%s{0}',
];
