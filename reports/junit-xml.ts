import type { PropertyVerdict } from './report-model.js';
import { formatThresholdActual, type ThresholdResult } from './thresholds.js';

/** One JUnit test case: a threshold, a property or a comparison rule. */
export interface JunitCase {
  name: string;
  /** Failure message when it failed. */
  failure?: string;
  /** Why it was skipped (a property that makes no claim about this run). */
  skipped?: string;
  /** Detail for people, in the case's system-out. */
  detail: string;
}

/** What {@link formatJunitXml} writes. */
export interface JunitInput {
  /** The suite's name prefix, e.g. the scenario's name. */
  name: string;
  thresholds: readonly ThresholdResult[];
  properties: readonly PropertyVerdict[];
}

/**
 * JUnit XML for CI test-report views: one `<testsuite>` of thresholds and one of properties, one
 * `<testcase>` each; a failed threshold or broken property is a `<failure>`, a property that does not
 * apply is `<skipped>`. Follows the common JUnit XML shape (the `testsuites › testsuite › testcase`
 * nesting with `tests`/`failures`/`skipped` counts that Jenkins, GitLab and GitHub test reporters read).
 * Times are 0: a sim run's wall time is not part of its result.
 */
export function formatJunitXml(input: JunitInput): string {
  const thresholds = input.thresholds.map((result): JunitCase => ({
    name: result.expression,
    ...(!result.passed && {
      failure: `threshold ${result.expression} failed: ${result.metric} was ${formatThresholdActual(result)}`,
    }),
    detail: `${result.metric} = ${formatThresholdActual(result)}`,
  }));
  const properties = input.properties.map((verdict): JunitCase => ({
    name: verdict.property,
    ...(verdict.applies &&
      !verdict.holds && { failure: `property ${verdict.property} broke: ${verdict.detail}` }),
    ...(!verdict.applies && { skipped: verdict.detail }),
    detail: verdict.detail,
  }));
  return formatJunitSuites([
    { name: `${input.name} · thresholds`, kind: 'thresholds', cases: thresholds },
    { name: `${input.name} · properties`, kind: 'properties', cases: properties },
  ]);
}

/** A JUnit file of the given suites (each case a pass, a `failure` or `skipped`). */
export function formatJunitSuites(
  suites: readonly { name: string; kind: string; cases: readonly JunitCase[] }[],
): string {
  const all = suites.flatMap((each) => each.cases);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="funnelstorm" tests="${all.length}" failures="${countFailures(all)}" errors="0" skipped="${countSkipped(all)}" time="0">`,
    ...suites.map((each) => suite(each.name, each.kind, each.cases)),
    '</testsuites>',
    '',
  ].join('\n');
}

function suite(name: string, kind: string, cases: readonly JunitCase[]): string {
  const lines = [
    `  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${countFailures(cases)}" errors="0" skipped="${countSkipped(cases)}" time="0">`,
  ];
  for (const testCase of cases) {
    lines.push(`    <testcase classname="funnelstorm.${kind}" name="${escapeXml(testCase.name)}" time="0">`);
    if (testCase.failure !== undefined)
      lines.push(
        `      <failure message="${escapeXml(testCase.failure)}" type="${kind}">${escapeXml(testCase.failure)}</failure>`,
      );
    if (testCase.skipped !== undefined)
      lines.push(`      <skipped message="${escapeXml(testCase.skipped)}"/>`);
    lines.push(`      <system-out>${escapeXml(testCase.detail)}</system-out>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>');
  return lines.join('\n');
}

const countFailures = (cases: readonly JunitCase[]): number =>
  cases.filter((c) => c.failure !== undefined).length;
const countSkipped = (cases: readonly JunitCase[]): number =>
  cases.filter((c) => c.skipped !== undefined).length;

/** Escapes text for an XML attribute or element; drops characters XML 1.0 cannot hold. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
