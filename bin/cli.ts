import { Command, CommanderError } from 'commander';
import { isFunnelstormError } from '../runtime/errors.js';
import { checkCommand } from './check-command.js';
import { compareCommand } from './compare-command.js';
import { processIo, type CliIo } from './cli-io.js';
import { dlqCommand } from './dlq-command.js';
import { drillCommand } from './drill-command.js';
import { kneeCommand } from './knee-command.js';
import { packageVersion } from './package-version.js';
import { runCommand } from './run-command.js';
import { serveCommand } from './serve-command.js';
import { workCommand } from './work-command.js';
import { workerCommand } from './worker-command.js';

/** Exit code for bad input: a scenario file or a flag the user can fix. */
export const exitCodeBadInput = 2;

/**
 * The funnelstorm CLI as a commander program, exported so tests can drive it without a process
 * (../shared/STYLE.md rule 17). `setExitCode` receives each command's verdict.
 */
export function createProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('funnelstorm')
    .description(
      'Load-testing and chaos-simulation harness for Shopify integrations. Replays funnel-launch traffic ' +
        'against a mock Shopify that enforces the real per-plan rate limits, on a virtual clock: a two-hour ' +
        'launch runs in seconds, reproducibly from its seed.',
    )
    .addHelpText('after', '\nStart with: funnelstorm run scenarios/funnel-launch-standard.yaml')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');
  // Every command writes through `io` and ends through commander's exit override, like the program.
  for (const command of [
    runCommand,
    compareCommand,
    serveCommand,
    workCommand,
    checkCommand,
    workerCommand,
    dlqCommand,
    drillCommand,
    kneeCommand,
  ]) {
    program.addCommand(
      command(io, setExitCode).exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }),
    );
  }
  return program;
}

/**
 * Runs the CLI on `argv` (without the node and script entries) and returns the exit code: 0 success,
 * 1 a run whose audit failed, 2 bad input (the message names what and where; no stack trace).
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  const program = createProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end through the same path as usage errors; commander has printed the message.
      return error.exitCode === 0 ? 0 : exitCodeBadInput;
    }
    if (
      isFunnelstormError(error, 'SCENARIO_INVALID') ||
      isFunnelstormError(error, 'SCENARIO_NOT_FOUND') ||
      isFunnelstormError(error, 'FLAG_INVALID')
    ) {
      io.stderr(`error: ${error.message}\n`);
      return exitCodeBadInput;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`funnelstorm failed unexpectedly — please report this with the command you ran:\n${detail}\n`);
    return 1;
  }
}
