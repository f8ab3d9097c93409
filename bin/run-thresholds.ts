import { InvalidArgumentError } from 'commander';
import { parseThreshold, type Threshold, type ThresholdResult } from '../reports/thresholds.js';
import { formatThresholdActual } from '../reports/thresholds.js';
import { scenarioInvalid } from '../scenarios/scenario-error.js';

/** A commander option parser that collects `--threshold` expressions, each checked as it comes. */
export function thresholdFlag(value: string, previous: Threshold[] = []): Threshold[] {
  const parsed = parseThreshold(value);
  if (!parsed.ok) throw new InvalidArgumentError(`--threshold ${parsed.reason}.`);
  return [...previous, parsed.threshold];
}

/**
 * The thresholds of a run: the scenario file's `thresholds:` list, then the `--threshold` flags.
 *
 * @param source - The scenario file's path, for error messages.
 * @throws FunnelstormError `SCENARIO_INVALID` naming each threshold of the file that cannot be read.
 */
export function runThresholds(
  fromFile: readonly string[] | undefined,
  fromFlags: readonly Threshold[],
  source: string,
): Threshold[] {
  const problems: string[] = [];
  const thresholds: Threshold[] = [];
  (fromFile ?? []).forEach((text, index) => {
    const parsed = parseThreshold(text);
    if (parsed.ok) thresholds.push(parsed.threshold);
    else problems.push(`thresholds[${index}]: ${parsed.reason}.`);
  });
  if (problems.length > 0) throw scenarioInvalid(source, problems);
  return [...thresholds, ...fromFlags];
}

/** `funnelstorm run: threshold p99 < 30s failed (p99 was 41.2 s)`: the stderr line for a failed threshold. */
export function thresholdFailedMessage(result: ThresholdResult): string {
  return `funnelstorm run: threshold ${result.expression} failed (${result.metric} was ${formatThresholdActual(result)})`;
}
