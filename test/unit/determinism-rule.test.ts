import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const coreFolders = ['mocks', 'pipeline', 'scenarios', 'sim'];
const banned = /\b(Date\.now|performance\.now|Math\.random|setTimeout|setInterval|setImmediate)\s*\(/;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => join(root, folder, file));
}

describe('the deterministic core reads no ambient time or randomness', () => {
  it('has no call to the wall clock, timers or Math.random in mocks/, pipeline/, scenarios/ or sim/', () => {
    const hits: string[] = [];
    for (const file of coreFolders.flatMap(sourceFiles)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          const code = line.replace(/\/\/.*$/, '');
          if (banned.test(code) && !/^\s*\*/.test(line))
            hits.push(`${relative(root, file)}:${index + 1}: ${line.trim()}`);
        });
    }
    expect(hits).toEqual([]);
  });

  it('has a lint rule that rejects them in the core and allows them in runtime/', async () => {
    const eslint = new ESLint({ cwd: root });
    const code =
      'export const t = Date.now() + Math.random() + performance.now();\nsetTimeout(() => undefined, 1);\n';
    const [core] = await eslint.lintText(code, { filePath: join(root, 'sim', 'probe.ts') });
    const flagged = core!.messages
      .filter((m) => m.ruleId?.startsWith('no-restricted'))
      .map((m) => code.split('\n')[m.line - 1]!.slice(m.column - 1, m.endColumn! - 1));
    for (const construct of ['Date.now', 'Math.random', 'performance.now', 'setTimeout']) {
      expect(flagged).toContain(construct);
    }
    const [runtime] = await eslint.lintText(code, { filePath: join(root, 'runtime', 'probe.ts') });
    expect(runtime!.messages.filter((m) => m.ruleId?.startsWith('no-restricted'))).toEqual([]);
  });
});
