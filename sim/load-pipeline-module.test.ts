import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PipelineSeams } from '../pipeline/pipeline-contract.js';
import { loadPipelineModule, resolvePipelineModule } from './load-pipeline-module.js';

// `run --pipeline` / `check --pipeline`: loading a user's module and checking its shape, with errors that
// name the file and what is missing (exit 2 through FLAG_INVALID).
const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-module-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pipelineBody = `({ accept() {}, close() {}, workers: () => [], deadLetters: { entries: () => [] } })`;

/** Writes `text` to `name` in the temporary folder and loads it as `--pipeline <name>` would. */
function load(name: string, text: string) {
  writeFileSync(join(dir, name), text);
  return loadPipelineModule(resolvePipelineModule(name, dir));
}

const seams = {} as PipelineSeams;

describe('loading a pipeline module', () => {
  it('takes a named createPipeline from a .mjs file', async () => {
    const loaded = await load('named.mjs', `export function createPipeline() { return ${pipelineBody}; }`);
    expect(loaded.name).toBe('named.mjs');
    expect(loaded.path).toBe(join(dir, 'named.mjs'));
    expect(loaded.module.createPipeline(seams, {}).workers()).toEqual([]);
  });

  it('takes a TypeScript default export, a function or an object with createPipeline (through tsx)', async () => {
    const fn = await load(
      'default-fn.ts',
      `const build = (_seams: unknown, settings: { concurrency?: number }) => ({ ...${pipelineBody}, workers: () => Array.from({ length: settings.concurrency ?? 0 }, () => async () => {}) });\nexport default build;`,
    );
    expect(fn.module.createPipeline(seams, { concurrency: 2 }).workers()).toHaveLength(2);
    const object = await load(
      'default-object.ts',
      `export default { createPipeline: (): object => ${pipelineBody} };`,
    );
    expect(object.module.createPipeline(seams, {}).deadLetters.entries()).toEqual([]);
  });

  it('names the file and what it exports when there is no pipeline builder', async () => {
    await expect(load('none.mjs', 'export const pipeline = 1;')).rejects.toMatchObject({
      code: 'FLAG_INVALID',
      message: expect.stringMatching(
        /^--pipeline none\.mjs: the module exports no pipeline builder \(it exports pipeline\)\. A pipeline module must export `createPipeline\(seams, settings\)`/,
      ),
    });
  });

  it('names what the built pipeline lacks, and an async builder', async () => {
    const partial = await load('partial.mjs', 'export const createPipeline = () => ({ accept() {} });');
    expect(() => partial.module.createPipeline(seams, {})).toThrow(
      /^--pipeline partial\.mjs: createPipeline returned an object without close\(\), workers\(\), deadLetters\.entries\(\)\./,
    );
    const async = await load(
      'async.mjs',
      `export async function createPipeline() { return ${pipelineBody}; }`,
    );
    expect(() => async.module.createPipeline(seams, {})).toThrow(
      /returned a promise \(createPipeline must not be async/,
    );
    const workers = await load(
      'workers.mjs',
      `export const createPipeline = () => ({ ...${pipelineBody}, workers: () => 3 });`,
    );
    expect(() => workers.module.createPipeline(seams, {}).workers()).toThrow(
      /^--pipeline workers\.mjs: workers\(\) returned a number, not an array of async functions/,
    );
  });

  it('refuses a missing file, another extension, and a module that fails to load', async () => {
    expect(() => resolvePipelineModule('missing.ts', dir)).toThrow(
      /^--pipeline missing\.ts: no such file \(looked at /,
    );
    writeFileSync(join(dir, 'pipeline.json'), '{}');
    expect(() => resolvePipelineModule('pipeline.json', dir)).toThrow(
      /a pipeline module is a \.js, .* file \(got "\.json"\)/,
    );
    await expect(load('broken.ts', 'export const = ;')).rejects.toMatchObject({
      code: 'FLAG_INVALID',
      message: expect.stringMatching(/^--pipeline broken\.ts: the module failed to load: /),
    });
  });
});
