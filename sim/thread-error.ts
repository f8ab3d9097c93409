import { FunnelstormError, isFunnelstormError, type FunnelstormErrorCode } from '../runtime/errors.js';

/** A `FunnelstormError` as plain data, the form in which it crosses from a worker thread. */
interface ThreadError {
  funnelstormError: { code: FunnelstormErrorCode; message: string };
}

/**
 * Runs a worker thread's task, sending a `FunnelstormError` it throws as plain data: structured clone keeps
 * an Error's message but drops its class and `code`, and the CLI picks the exit code (2 for bad input, a
 * module that exports no pipeline) and the message by `code`. {@link fromThread} rebuilds it.
 */
export async function acrossThreads<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    if (!isFunnelstormError(error)) throw error;
    const data: ThreadError = { funnelstormError: { code: error.code, message: error.message } };
    throw data;
  }
}

/** A worker thread's rejection, with a `FunnelstormError` sent by {@link acrossThreads} rebuilt. */
export function fromThread(reason: unknown): unknown {
  if (typeof reason !== 'object' || reason === null || !('funnelstormError' in reason)) return reason;
  const { code, message } = (reason as ThreadError).funnelstormError;
  return new FunnelstormError(code, message);
}
