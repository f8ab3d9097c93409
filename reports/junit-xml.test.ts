import { describe, expect, it } from 'vitest';
import { escapeXml, formatJunitXml } from './junit-xml.js';
import type { ThresholdResult } from './thresholds.js';

const failed: ThresholdResult = {
  expression: 'p99 < 30s',
  metric: 'p99',
  operator: '<',
  limit: 30_000,
  actual: 41_000,
  passed: false,
};
const passed: ThresholdResult = {
  expression: 'duplicates == 0',
  metric: 'duplicates',
  operator: '==',
  limit: 0,
  actual: 0,
  passed: true,
};

describe('formatJunitXml', () => {
  const xml = formatJunitXml({
    name: 'launch <1>',
    thresholds: [failed, passed],
    properties: [
      {
        property: 'no-duplicates',
        applies: true,
        holds: false,
        detail: 'so-1 created twice',
        orderIds: ['so-1'],
      },
      { property: 'rate-discipline', applies: false, holds: true, detail: 'injected 429s', orderIds: [] },
    ],
  });

  it('has one test case per threshold and per property, with the counts on each suite', () => {
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="funnelstorm" tests="4" failures="2" errors="0" skipped="1"/,
    );
    expect(xml).toContain(
      '<testsuite name="launch &lt;1&gt; · thresholds" tests="2" failures="1" errors="0" skipped="0"',
    );
    expect(xml).toContain(
      '<testsuite name="launch &lt;1&gt; · properties" tests="2" failures="1" errors="0" skipped="1"',
    );
    expect(xml.match(/<testcase /g)).toHaveLength(4);
  });

  it('names the failed threshold and the broken property in a failure, and skips what does not apply', () => {
    expect(xml).toContain('<testcase classname="funnelstorm.thresholds" name="p99 &lt; 30s"');
    expect(xml).toContain('<failure message="threshold p99 &lt; 30s failed: p99 was 41.0 s"');
    expect(xml).toContain('<failure message="property no-duplicates broke: so-1 created twice"');
    expect(xml).toContain('<skipped message="injected 429s"/>');
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    expect(escapeXml(`a<b>&"c'\u0001`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });
});
