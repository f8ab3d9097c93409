import { defineConfig } from 'vitest/config';

// Two suites: `unit` (unit, simulation and property tests — never wait on real time) and `io`
// (real sockets, real processes, real Redis — serial, their own suite as ../shared/STYLE.md rule 14 asks).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // Worker threads, not vitest's default forks: vitest keeps one pool per kind, sized by the root
          // config (cores − 1, so one fork on two cores), and runs a kind's parallel files before its
          // single-fork ones. With both suites in forks, the io suite waited for every unit file; in threads
          // the unit suite runs beside it. No unit test needs a process of its own (none changes the cwd,
          // the process's signals or its exit).
          pool: 'threads',
          // Simulations are CPU work, never waits: the timeout only catches a hang, so it allows for a
          // machine whose cores are busy (a two-hour launch is a few seconds of CPU; at a load of 20 on two
          // cores the 5 s default failed a byte-identical-report test that took 6 s).
          testTimeout: 30_000,
          // Fixed fast-check seeds in `npm test` (FUNNELSTORM_PROPERTY_SEED=random for a nightly run).
          setupFiles: ['test/support/fixed-fast-check-seed.ts'],
          include: [
            '{bin,runtime,sim,mocks,pipeline,scenarios,reports,bench}/**/*.test.ts',
            'test/unit/**/*.test.ts',
            'test/property/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'io',
          include: ['test/io/**/*.test.ts'],
          testTimeout: 60_000,
          // Real servers and processes: one file at a time, so ports and cores are not contended.
          poolOptions: { forks: { singleFork: true } },
          pool: 'forks',
        },
      },
    ],
  },
});
