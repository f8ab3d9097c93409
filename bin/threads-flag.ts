import { availableParallelism } from 'node:os';
import { Option } from 'commander';
import { integerFlag } from './parse-flags.js';

/** The most worker threads `--threads` accepts. */
const maxThreads = 256;

/** `--threads`' default: the cores Node may use (`os.availableParallelism()`). */
export const defaultThreads = availableParallelism();

/** The `--threads <n>` option of `check`, `run --seeds` and `worker`. */
export function threadsOption(): Option {
  return new Option(
    '--threads <n>',
    `worker threads running simulations side by side (1 to ${maxThreads}); the results are the same for any number`,
  )
    .argParser(integerFlag('--threads', 1, maxThreads))
    .default(defaultThreads, `the cores, here ${defaultThreads}`);
}
