import fc from 'fast-check';
import { chooseSeed } from './race-world.js';

// A vitest setup file: every fc.assert / fc.check that names no seed of its own runs on a fixed one, so
// `npm test` gives the same verdicts every run (FUNNELSTORM_PROPERTY_SEED=random for a nightly job, or a
// number; FC_SEED replays). The seed is the same for every file, and fast-check prints it on a failure.
fc.configureGlobal({
  seed: chooseSeed('fast-check global', process.env['FC_SEED'], process.env['FUNNELSTORM_PROPERTY_SEED']),
});
