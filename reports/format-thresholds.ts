import { ansiStyle } from './ansi-style.js';
import { fitWidth } from './fit-width.js';
import { formatThresholdActual, type ThresholdResult } from './thresholds.js';

/**
 * The thresholds block of the terminal summary: `thresholds  ✓ p99 < 30s (12.5 s)`, one per line, the label
 * on the first only; a failed one `✗ … FAILED` in red when `color` is on. Lines fit `columns`.
 */
export function formatThresholds(
  results: readonly ThresholdResult[],
  options: { label: string; columns: number; color: boolean },
): string {
  const indent = ' '.repeat(options.label.length);
  return results
    .map((result, index) => {
      const mark = result.passed ? '✓' : '✗';
      const text = fitWidth(
        `${mark} ${result.expression} (${formatThresholdActual(result)})${result.passed ? '' : ' FAILED'}`,
        options.columns - options.label.length,
      );
      const painted = result.passed ? text : ansiStyle(text, ['red', 'bold'], options.color);
      return `${index === 0 ? options.label : indent}${painted}`;
    })
    .join('\n');
}
