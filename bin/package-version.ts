import { readFileSync } from 'node:fs';

/** funnelstorm's version, from package.json ("unknown" when it cannot be read). */
export function packageVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  try {
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
