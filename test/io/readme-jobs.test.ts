import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCliWorkspace } from '../support/cli-workspace.js';
import { documentationText } from './fixtures/documentation.js';
import { readmeExamples, type ReadmeExample } from './fixtures/readme-examples.js';

// README's one example per job (`<!-- job: NAME -->`), run as written in a scratch folder with the
// shipped scenarios, on the built CLI (`npm run build` first; `npm test` does it).
const root = join(import.meta.dirname, '..', '..');
const examples = readmeExamples(documentationText(root), 'job');
const workspace = createCliWorkspace(root, 'funnelstorm-jobs-');
afterAll(() => workspace.remove());

function only(name: string): ReadmeExample {
  const found = examples.filter((example) => example.name === name);
  if (found.length !== 1) throw new Error(`README.md needs exactly one <!-- job: ${name} --> block`);
  return found[0]!;
}

describe('README: one example per job', () => {
  it('names only the three jobs', () => {
    expect(examples.map((example) => example.name)).toEqual(['chaos-drill', 'capacity', 'regression']);
  });

  it('chaos drill: the chaos launch holds every property, exit 0', () => {
    const { code, output } = workspace.sh(only('chaos-drill').code);
    expect(code, output).toBe(0);
    expect(output).toMatch(/^orders {6}1,000 generated · 1,000 created · 0 duplicates · 0 missing ·$/m);
    expect(output).not.toMatch(/BROKEN/);
  }, 180_000);

  it('capacity: concurrency 1 falls behind the leak rate, 2 and 4 keep up', () => {
    const { code, output } = workspace.sh(only('capacity').code);
    expect(code, output).toBe(0);
    expect(output).toMatch(/threshold drainRatio < 1\.05 failed \(drainRatio was 2\.\d+\)/);
    expect(output.match(/^concurrency \d keeps up with the leak rate$/gm)).toEqual([
      'concurrency 2 keeps up with the leak rate',
      'concurrency 4 keeps up with the leak rate',
    ]);
  }, 180_000);

  it('regression: the same build compared with its baseline is "no change", exit 0', () => {
    const { code, output } = workspace.sh(only('regression').code);
    expect(code, output).toBe(0);
    expect(output).toMatch(/^verdict {5}no change$/m);
  }, 180_000);
});
