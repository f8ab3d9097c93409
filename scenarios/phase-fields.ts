import type { z } from 'zod';
import type { ArrivalKind } from './scenario-types.js';

/** The fields of a launch-shape, idle or trace phase beyond `name`, `arrival` and `durationSeconds`. */
type ShapeField =
  | 'orders'
  | 'ratePerSecond'
  | 'halfLifeSeconds'
  | 'fromPerSecond'
  | 'toPerSecond'
  | 'atSeconds'
  | 'peakPerSecond'
  | 'basePerSecond'
  | 'exponent'
  | 'timescaleSeconds'
  | 'amplitude'
  | 'periodSeconds'
  | 'peakAtSeconds'
  | 'branchingRatio'
  | 'file'
  | 'speed'
  | 'scale';

/** The kinds checked by {@link checkShapePhase}; `poisson`, `constant` and `spike` keep their own rules. */
export const shapeKinds = ['ramp', 'step', 'wave', 'diurnal', 'rate-csv', 'hawkes', 'idle', 'trace'] as const;

type ShapeKind = (typeof shapeKinds)[number];

/** What each kind requires and what it also allows (everything else is refused, naming the field). */
const fieldsOf: Record<ShapeKind, { required: ShapeField[]; optional: ShapeField[]; what: string }> = {
  ramp: { required: ['fromPerSecond', 'toPerSecond'], optional: [], what: 'a linear ramp' },
  step: { required: ['fromPerSecond', 'toPerSecond', 'atSeconds'], optional: [], what: 'a rate step' },
  wave: {
    required: ['peakPerSecond'],
    optional: ['basePerSecond', 'halfLifeSeconds', 'exponent', 'timescaleSeconds'],
    what: 'a jump then a decay',
  },
  diurnal: {
    required: ['ratePerSecond', 'amplitude'],
    optional: ['periodSeconds', 'peakAtSeconds'],
    what: 'a daily curve',
  },
  'rate-csv': { required: ['file'], optional: [], what: 'a rate curve read from a CSV' },
  hawkes: {
    required: ['basePerSecond', 'branchingRatio', 'halfLifeSeconds'],
    optional: [],
    what: 'self-exciting bursts',
  },
  idle: { required: [], optional: [], what: 'no orders' },
  trace: { required: ['file'], optional: ['speed', 'scale'], what: 'a replayed trace' },
};

/** Whether a phase's `arrival` is one {@link checkShapePhase} checks. */
export function isShapeKind(kind: ArrivalKind): kind is ShapeKind {
  return (shapeKinds as readonly string[]).includes(kind);
}

/** A phase as parsed, before its rules: any field may be there. */
export type ParsedPhase = { arrival: ArrivalKind; durationSeconds?: number | undefined } & Partial<
  Record<ShapeField, number | string | undefined>
>;

/**
 * The rules of a launch-shape, idle or trace phase: which fields it needs and allows, and the rules between
 * them. Each problem is an issue on the field's path, relative to the phase (`traffic.phases[2].atSeconds`).
 *
 * @param phase - The parsed phase.
 * @param ctx - The refinement context the issues go to.
 */
export function checkShapePhase(phase: ParsedPhase & { arrival: ShapeKind }, ctx: z.RefinementCtx): void {
  const fail = (path: string[], message: string): void => ctx.addIssue({ code: 'custom', path, message });
  const kind = phase.arrival;
  const { required, optional, what } = fieldsOf[kind];
  for (const field of required)
    if (phase[field] === undefined) fail([field], `is required with arrival: ${kind} (${what})`);
  const allowed = new Set<string>([...required, ...optional]);
  for (const field of Object.keys(phaseFieldNames) as ShapeField[])
    if (phase[field] !== undefined && !allowed.has(field))
      fail([field], `is not allowed with arrival: ${kind} (${kindsTaking(field)})`);
  const duration = phase.durationSeconds;
  if (duration === undefined) {
    if (kind !== 'trace') fail(['durationSeconds'], `is required with arrival: ${kind}`);
  } else if (duration === 0) fail(['durationSeconds'], `must be > 0 for arrival: ${kind} (got 0)`);
  if (
    kind === 'step' &&
    typeof phase.atSeconds === 'number' &&
    duration !== undefined &&
    phase.atSeconds > duration
  )
    fail(['atSeconds'], `must be ≤ durationSeconds (${duration}) (got ${phase.atSeconds})`);
  if (kind === 'wave') checkWave(phase, fail);
  if (kind === 'hawkes' && phase.basePerSecond === 0)
    fail(['basePerSecond'], 'must be > 0 with arrival: hawkes (the immigrant rate μ) (got 0)');
}

function checkWave(phase: ParsedPhase, fail: (path: string[], message: string) => void): void {
  const exponential = phase.halfLifeSeconds !== undefined;
  const power = phase.exponent !== undefined || phase.timescaleSeconds !== undefined;
  if (exponential === power)
    fail(
      [],
      `must have exactly one decay: halfLifeSeconds (exponential) or exponent with timescaleSeconds (power law) (got ${exponential ? 'both' : 'neither'})`,
    );
  else if (power && (phase.exponent === undefined || phase.timescaleSeconds === undefined))
    fail(
      [phase.exponent === undefined ? 'exponent' : 'timescaleSeconds'],
      'is required with a power-law wave',
    );
}

/** Every field of the table, for the "not allowed" check. */
const phaseFieldNames: Record<ShapeField, true> = {
  orders: true,
  ratePerSecond: true,
  halfLifeSeconds: true,
  fromPerSecond: true,
  toPerSecond: true,
  atSeconds: true,
  peakPerSecond: true,
  basePerSecond: true,
  exponent: true,
  timescaleSeconds: true,
  amplitude: true,
  periodSeconds: true,
  peakAtSeconds: true,
  branchingRatio: true,
  file: true,
  speed: true,
  scale: true,
};

/** The classic kinds that take a field too. */
const classicKindsOf: Partial<Record<ShapeField, string[]>> = {
  orders: ['poisson', 'constant', 'spike'],
  ratePerSecond: ['poisson', 'constant'],
  halfLifeSeconds: ['spike'],
};

/** "it belongs to arrival: ramp, step" — or, for the count and rate of the classic kinds, where they go. */
function kindsTaking(field: ShapeField): string {
  const kinds = shapeKinds.filter((kind) =>
    [...fieldsOf[kind].required, ...fieldsOf[kind].optional].includes(field),
  );
  return `it belongs to arrival: ${[...(classicKindsOf[field] ?? []), ...kinds].join(', ')}`;
}

/**
 * The check for the classic kinds (`poisson`, `constant`, `spike`): none of the launch shapes' fields.
 *
 * @param phase - The parsed phase.
 * @param ctx - The refinement context the issues go to.
 */
export function refuseShapeFields(phase: ParsedPhase, ctx: z.RefinementCtx): void {
  const classic: ShapeField[] = ['orders', 'ratePerSecond', 'halfLifeSeconds'];
  for (const field of Object.keys(phaseFieldNames) as ShapeField[])
    if (!classic.includes(field) && phase[field] !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `is not allowed with arrival: ${phase.arrival} (${kindsTaking(field)})`,
      });
}
