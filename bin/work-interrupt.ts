/** Exit code of a command stopped by SIGINT or SIGTERM (128 + SIGINT's 2, as shells report it). */
export const exitCodeInterrupted = 130;

/** An interrupt handler for a live worker: `signal` aborts on the first SIGINT/SIGTERM. */
export interface WorkInterrupt {
  readonly signal: AbortSignal;
  /** The signal that stopped the run, if one did. */
  readonly received: NodeJS.Signals | undefined;
  /** Removes the handlers (at the end of the run). */
  dispose(): void;
}

/**
 * Handles SIGINT and SIGTERM for `funnelstorm work`: the first aborts `signal` — the worker takes no more
 * orders and finishes those in flight, so their claims end settled — and says so; a second quits at once
 * with exit code 130, leaving the claims in flight to lapse with this process's heartbeat (a rerun then
 * takes them over after a lookup).
 */
export function handleWorkInterrupts(say: (line: string) => void, heartbeatTtlMs: number): WorkInterrupt {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (name: NodeJS.Signals): void => {
    if (received === undefined) {
      received = name;
      controller.abort();
      say(
        `${name}: taking no more orders; finishing the ones in flight so their claims settle. ` +
          `${name} again quits at once.`,
      );
      return;
    }
    say(
      `${name} again: quitting now. Orders still in flight keep their claims until this process's heartbeat ` +
        `lapses (${heartbeatTtlMs / 1000} s); a rerun then looks each one up and finishes it.`,
    );
    process.exit(exitCodeInterrupted);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
