import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenarios/load-scenario.js';
import { runScenario } from '../sim/run-scenario.js';
import { summaryJsonSchema } from './summary-document.js';
import { evaluateThresholds, parseThreshold, type Threshold } from './thresholds.js';
import { summaryDocument } from './write-outputs.js';

const schemaFile = join(import.meta.dirname, '..', 'schemas', 'summary.schema.json');
const generated = `${JSON.stringify(summaryJsonSchema(), null, 2)}\n`;
// `npm run schema` rewrites the shipped file from the code's schema.
if (process.env['FUNNELSTORM_WRITE_SCHEMA'] === '1') writeFileSync(schemaFile, generated);

describe('summary.json schema', () => {
  it('ships the JSON Schema generated from the code’s own zod schema (run `npm run schema` after a change)', () => {
    expect(readFileSync(schemaFile, 'utf8')).toBe(generated);
  });

  it('validates the summary of a real run with series, and rejects one with a field of the wrong type', async () => {
    const scenario = loadScenario(join(import.meta.dirname, '..', 'scenarios', 'chaos-standard.yaml'));
    const report = await runScenario(scenario, {}, { recordSeries: true });
    const thresholds = ['p99 < 30s', 'duplicates == 0'].map((text) => {
      const parsed = parseThreshold(text);
      if (!parsed.ok) throw new Error(parsed.reason);
      return parsed.threshold;
    }) satisfies Threshold[];
    const document = summaryDocument(report, evaluateThresholds(report, thresholds), true);
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
      JSON.parse(readFileSync(schemaFile, 'utf8')) as object,
    );
    const roundTripped: unknown = JSON.parse(JSON.stringify(document));
    expect(validate(roundTripped), JSON.stringify(validate.errors)).toBe(true);
    expect(report.series?.latencySpectrum.length).toBeGreaterThan(10);

    const broken = JSON.parse(JSON.stringify(document)) as { report: { orders: { duplicates: unknown } } };
    broken.report.orders.duplicates = 'none';
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/report/orders/duplicates');
  }, 120_000);
});
