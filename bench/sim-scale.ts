import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { firstJsonLine, spawnNode } from './child-process.js';
import type { SimScalePoint } from './sim-scale-child.js';

/** The scenario the scale benchmark stretches (issue 12, acceptance 1). */
export const scaleScenarioFile = 'scenarios/black-friday-plus.yaml';

/** What {@link benchSimScale} measured: one point per order count, each run in a child process of its own. */
export interface SimScaleResult {
  file: string;
  points: SimScalePoint[];
}

/** The package root, from `bench/` or `dist/bench/`. */
function packageRoot(): string {
  const candidates = [join(import.meta.dirname, '..', '..'), join(import.meta.dirname, '..')];
  const found = candidates.find((dir) => existsSync(join(dir, scaleScenarioFile)));
  if (found === undefined) throw new Error(`No ${scaleScenarioFile} in ${candidates.join(' or ')}`);
  return found;
}

/**
 * The simulator at scale (../shared/DESIGN.md, "Performance budgets": orders per second of a 1,000,000-order
 * run ≥ 85 % of a 10,000-order run's, ≤ 1 KB per order): the shipped Black-Friday scenario (100,000 orders)
 * shrunk or stretched to each order count (same arrival rates and orders per customer, a shorter or longer
 * run; bench/scale-scenario.ts), each run in a fresh node process so that its peak RSS and
 * CPU time are its own. The smallest run is the reference the others are compared with.
 */
export async function benchSimScale(orderCounts: readonly number[]): Promise<SimScaleResult> {
  const root = packageRoot();
  const points: SimScalePoint[] = [];
  for (const orders of orderCounts) {
    const child = spawnNode(
      new URL('./sim-scale-child.js', import.meta.url),
      [join(root, scaleScenarioFile), String(orders)],
      { pinned: false, why: 'one run at a time' },
    );
    // A 1,000,000-order run took over 15 minutes of CPU on a shared machine; allow 10 ms of wall per order.
    points.push(await firstJsonLine<SimScalePoint>(child, `sim-scale ${orders}`, 60_000 + orders * 10));
  }
  return { file: scaleScenarioFile, points };
}

/** The lines `npm run bench` prints for {@link benchSimScale}'s result. */
export function formatSimScale(result: SimScaleResult): string {
  const [reference] = result.points;
  if (reference === undefined) return '';
  const perSecond = (point: SimScalePoint, ms: number): number => point.orders / (ms / 1000);
  const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;
  const lines = [
    `simulation at scale     ${result.file}, scaled (same arrival rates and orders per customer)`,
  ];
  for (const point of result.points) {
    const wallRatio = perSecond(point, point.wallMs) / perSecond(reference, reference.wallMs);
    const cpuRatio = perSecond(point, point.cpuMs) / perSecond(reference, reference.cpuMs);
    lines.push(
      `  ${point.orders.toLocaleString('en-US').padStart(9)} orders  ` +
        `${Math.round(perSecond(point, point.wallMs)).toLocaleString('en-US')} orders/s wall ` +
        `(${wallRatio.toFixed(3)} × the ${reference.orders.toLocaleString('en-US')}-order run), ` +
        `${Math.round(perSecond(point, point.cpuMs)).toLocaleString('en-US')} orders/s CPU (${cpuRatio.toFixed(3)} ×); ` +
        `${(point.wallMs / 1000).toFixed(1)} s wall, peak RSS ${mb(point.peakRssBytes)}`,
    );
  }
  const largest = result.points.at(-1);
  const before = result.points.at(-2);
  if (largest !== undefined && before !== undefined && largest !== reference) {
    const ratio = perSecond(largest, largest.wallMs) / perSecond(reference, reference.wallMs);
    const perOrder = (largest.peakRssBytes - before.peakRssBytes) / (largest.orders - before.orders);
    lines.push(
      `  ${largest.orders.toLocaleString('en-US')}/${reference.orders.toLocaleString('en-US')} orders/s ratio ` +
        `${ratio.toFixed(3)} (budget ≥ 0.85: ${ratio >= 0.85 ? 'within budget' : 'BELOW BUDGET'}); ` +
        `memory per order (RSS(${largest.orders.toLocaleString('en-US')}) − RSS(${before.orders.toLocaleString('en-US')})) / ` +
        `${(largest.orders - before.orders).toLocaleString('en-US')} = ${Math.round(perOrder)} B ` +
        `(budget ≤ 1,024 B: ${perOrder <= 1024 ? 'within budget' : 'OVER BUDGET'})`,
    );
  }
  return lines.join('\n');
}
