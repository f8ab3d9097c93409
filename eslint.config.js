// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The deterministic core (mocks, pipeline, scenarios, sim) must take time, timers and randomness from the
 * injected Clock and Random, never from the platform, so that a run is reproducible from its seed
 * (../shared/DESIGN.md, "Three ways to run, one model"). The idea follows undici's `no-restricted-globals`.
 * Only runtime/ implements the real clock and RNG.
 */
export const deterministicCoreRules = {
  'no-restricted-globals': [
    'error',
    { name: 'setTimeout', message: 'Use the injected Clock (clock.sleep / clock.timeout).' },
    { name: 'setInterval', message: 'Use the injected Clock (clock.sleep in a loop).' },
    { name: 'setImmediate', message: 'The simulator must not hop through the macrotask queue.' },
    { name: 'clearTimeout', message: 'Use the injected Clock and an AbortSignal.' },
    { name: 'clearInterval', message: 'Use the injected Clock and an AbortSignal.' },
    { name: 'performance', message: 'Use the injected Clock (clock.nowMs()).' },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'Use the injected Clock (clock.nowMs()).' },
    { object: 'Math', property: 'random', message: 'Use the injected Random stream.' },
    { object: 'performance', property: 'now', message: 'Use the injected Clock (clock.nowMs()).' },
    { object: 'globalThis', property: 'setTimeout', message: 'Use the injected Clock.' },
    { object: 'globalThis', property: 'setInterval', message: 'Use the injected Clock.' },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: 'new Date() reads the wall clock: use the injected Clock.',
    },
  ],
  'no-restricted-imports': [
    'error',
    {
      paths: [
        { name: 'node:timers', message: 'Use the injected Clock.' },
        { name: 'node:timers/promises', message: 'Use the injected Clock.' },
        { name: 'timers', message: 'Use the injected Clock.' },
        { name: 'node:perf_hooks', message: 'Use the injected Clock.' },
      ],
    },
  ],
};

export const deterministicCoreFiles = [
  'mocks/**/*.ts',
  'pipeline/**/*.ts',
  'scenarios/**/*.ts',
  'sim/**/*.ts',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        Buffer: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        queueMicrotask: 'readonly',
        structuredClone: 'readonly',
        DOMException: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: deterministicCoreFiles,
    ignores: ['**/*.test.ts'],
    rules: deterministicCoreRules,
  },
);
