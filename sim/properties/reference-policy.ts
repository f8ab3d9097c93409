import { defaultPipelineSettings } from '../../scenarios/scenario-types.js';

/**
 * The reference pipeline's retry policy, read as data (its defaults, `defaultPipelineSettings`): what a
 * give-up is judged against, whatever the run's own pipeline was set to.
 */
export const referenceRetryPolicy = {
  maxAttempts: defaultPipelineSettings.maxAttempts,
  baseDelayMs: defaultPipelineSettings.baseDelayMs,
  maxDelayMs: defaultPipelineSettings.maxDelayMs,
  requestTimeoutMs: defaultPipelineSettings.requestTimeoutMs,
} as const;
