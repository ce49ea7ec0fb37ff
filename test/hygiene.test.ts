// Test hygiene the runner cannot enforce. Node 20 builds the message of a failed `assert.ok(x)` /
// `assert(x)` without a message by re-reading the source file; on our CJK-heavy test files that path
// recursed for minutes and then took the whole file's results down (CI showed every test of two files
// as "cancelled" with no reason). So every such call carries its own message.
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '..');

function testFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) testFiles(p, out);
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

function bareAsserts(file: string): string[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && n.arguments.length === 1) {
      const e = n.expression;
      const isOk = (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'assert' && e.name.text === 'ok')
        || (ts.isIdentifier(e) && e.text === 'assert');
      if (isOk) found.push(`${path.relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

test('every assert.ok / assert(x) in a test file passes a message', () => {
  const files = [...testFiles(path.join(ROOT, 'src')), ...testFiles(path.join(ROOT, 'test'))];
  assert.ok(files.length > 20, `found ${files.length} test files`);
  const bare = files.flatMap(bareAsserts);
  assert.deepEqual(bare, [], `add a message to: ${bare.join(', ')}`);
});
