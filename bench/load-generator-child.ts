import { runLoad, type LoadSpec } from './load-generator.js';

// A child of bench/http-server.ts, pinned to its own core: the spec is argv[2]. It writes two JSON lines:
// `{"measuring":true}` when the warm-up is over (the parent then reads the server's CPU time), then the result.
const spec = process.argv[2];
if (spec === undefined) throw new Error('load-generator-child: pass the LoadSpec as JSON in argv[2]');
const result = await runLoad(JSON.parse(spec) as LoadSpec, () =>
  process.stdout.write('{"measuring":true}\n'),
);
process.stdout.write(`${JSON.stringify(result)}\n`);
