import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { analyseKnee } from './knee-analysis.js';
import { kneeDocument, kneeDocumentSchema, kneeJsonSchema } from './knee-schema.js';
import { fixtureKneeSweep } from './knee-test-support.js';

const schemaFile = join(import.meta.dirname, '..', 'schemas', 'knee.schema.json');
const generated = `${JSON.stringify(kneeJsonSchema(), null, 2)}\n`;
// `npm run schema` rewrites the shipped file from the code's schema.
if (process.env['FUNNELSTORM_WRITE_SCHEMA'] === '1') writeFileSync(schemaFile, generated);

describe('knee.json schema', () => {
  it('ships the JSON Schema generated from the code’s own zod schema (run `npm run schema` after a change)', () => {
    expect(readFileSync(schemaFile, 'utf8')).toBe(generated);
  });

  it('validates the document of a hand-built sweep, and rejects a point with a 429 share above 1', () => {
    const sweep = fixtureKneeSweep();
    const document: unknown = JSON.parse(JSON.stringify(kneeDocument(sweep, analyseKnee(sweep))));
    expect(kneeDocumentSchema.safeParse(document).success).toBe(true);
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
      JSON.parse(readFileSync(schemaFile, 'utf8')) as object,
    );
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);

    const broken = JSON.parse(JSON.stringify(document)) as { plans: { points: { share429: number }[] }[] };
    const first = broken.plans[0]?.points[0];
    if (first !== undefined) first.share429 = 1.5;
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/plans/0/points/0/share429');
  });
});
