import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeError, encodeError } from '../../src/core/util/errorCodec';
import { CancelledError, UsageError } from '../../src/core/util/errors';

/** Through the same structured clone the IPC channel ('advanced' serialization) applies. */
function across(error: unknown): Error {
  return decodeError(structuredClone(encodeError(error)));
}

test('an error keeps its name, message, code and stack across a process boundary', () => {
  const original = Object.assign(new Error('EACCES: permission denied, open /x.png'), { code: 'EACCES' });
  original.name = 'SystemError';
  const rebuilt = across(original);
  assert.ok(rebuilt instanceof Error);
  assert.equal(rebuilt.name, 'SystemError');
  assert.equal(rebuilt.message, original.message);
  assert.equal((rebuilt as NodeJS.ErrnoException).code, 'EACCES');
  assert.equal(rebuilt.stack, original.stack, 'the stack of where it was thrown, not of the rebuild');
});

test('usage errors and cancels come back as their own classes', () => {
  const usage = across(new UsageError('Folder not found: /nowhere'));
  assert.ok(usage instanceof UsageError);
  assert.equal(usage.message, 'Folder not found: /nowhere');
  assert.ok(across(new CancelledError('SIGINT')) instanceof CancelledError);
});

test('a built-in error type keeps its class', () => {
  const rebuilt = across(new TypeError('x is not a function'));
  assert.ok(rebuilt instanceof TypeError);
  assert.equal(rebuilt.name, 'TypeError');
});

test('a thrown value that is not an Error becomes one with its text', () => {
  const rebuilt = across('disk on fire');
  assert.equal(rebuilt.name, 'Error');
  assert.equal(rebuilt.message, 'disk on fire');
  assert.equal((rebuilt as NodeJS.ErrnoException).code, undefined);
});

test('a numeric or missing code is not invented', () => {
  const rebuilt = across(Object.assign(new Error('odd'), { code: 42 }));
  assert.equal((rebuilt as NodeJS.ErrnoException).code, undefined);
});
