import { existsSync } from 'node:fs';

/**
 * The Chromium to drive: `$CHROMIUM` when set, else Debian's `/usr/bin/chromium` (which `.ci/run` installs
 * with apt when it is missing). Playwright's own browser download is not used.
 */
export const chromiumPath = process.env['CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * Whether {@link chromiumPath} exists. When it does not: outside CI, warns loudly and returns false, so the
 * suite skips; in CI (`$CI` set), throws, so the suite fails instead of passing empty.
 */
export function requireChromium(suite: string): boolean {
  if (existsSync(chromiumPath)) return true;
  const message = `${chromiumPath} not found (apt-get install chromium, or set CHROMIUM)`;
  if (process.env['CI']) throw new Error(`${suite} needs Chromium and CI is set: ${message}`);
  console.warn(`\n*** SKIPPING ${suite}: ${message} ***\n`);
  return false;
}
