/**
 * No import cycles in src/ and webview/, type-only imports included: a cycle means two files that cannot be
 * understood (or moved to another layer) one without the other, and a type that belongs to neither of them.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/** Each file's relative imports (static, type-only, re-exports and dynamic), as files. */
function importGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .filter((i) => i.fileName.startsWith('.'))
      .map((i) => path.resolve(path.dirname(file), i.fileName))
      .map((base) => [`${base}.ts`, path.join(base, 'index.ts')].find((c) => known.has(c)))
      .filter((target): target is string => target !== undefined);
    graph.set(file, targets);
  }
  return graph;
}

/** The strongly connected components with more than one file (Tarjan): each is a cycle or several. */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, next);
    low.set(file, next++);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file)!) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(path.relative(root, member));
    } while (member !== file);
    if (component.length > 1) found.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

test('no import cycles in src/ and webview/ (type-only imports count)', () => {
  const files = ['src', 'webview']
    .map((dir) => path.join(root, dir))
    .filter(existsSync)
    .flatMap(sourceFiles);
  assert.ok(files.length > 100, `only ${files.length} source files found`);
  assert.deepEqual(cycles(importGraph(files)), []);
});

test('the cycle check finds a cycle, type-only or not', () => {
  const a = path.join(root, 'a.ts');
  const b = path.join(root, 'b.ts');
  const c = path.join(root, 'c.ts');
  const graph = new Map([
    [a, [b]],
    [b, [c]],
    [c, [a]],
  ]);
  assert.deepEqual(cycles(graph), [['a.ts', 'b.ts', 'c.ts']]);
  assert.deepEqual(
    cycles(
      new Map([
        [a, [b]],
        [b, []],
      ]),
    ),
    [],
  );
});
