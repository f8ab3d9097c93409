import { describe, expect, it } from 'vitest';
import { parseScenario } from './load-scenario.js';

const withPhases = (phases: string): string =>
  `name: shapes\nshop: { plan: standard }\ntraffic:\n  phases:\n${phases}`;

function problemsOf(phases: string): string {
  try {
    parseScenario(withPhases(phases), 'shapes.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the scenario to be refused');
}

describe('launch-shape phases in a scenario', () => {
  it('accepts every shape, idle phases and orders: 0', () => {
    const scenario = parseScenario(
      withPhases(
        '    - { arrival: ramp, durationSeconds: 60, fromPerSecond: 0, toPerSecond: 2 }\n' +
          '    - { arrival: step, durationSeconds: 60, fromPerSecond: 1, toPerSecond: 3, atSeconds: 30 }\n' +
          '    - { arrival: wave, durationSeconds: 60, peakPerSecond: 5, halfLifeSeconds: 10 }\n' +
          '    - { arrival: wave, durationSeconds: 60, peakPerSecond: 5, exponent: 1.2, timescaleSeconds: 5 }\n' +
          '    - { arrival: diurnal, durationSeconds: 60, ratePerSecond: 1, amplitude: 0.5 }\n' +
          '    - { arrival: hawkes, durationSeconds: 60, basePerSecond: 1, branchingRatio: 0.5, halfLifeSeconds: 2 }\n' +
          '    - { arrival: idle, durationSeconds: 60 }\n' +
          '    - { arrival: poisson, durationSeconds: 60, orders: 0 }\n',
      ),
      'shapes.yaml',
    );
    expect(scenario.traffic.phases.map((p) => p.arrival)).toEqual([
      'ramp',
      'step',
      'wave',
      'wave',
      'diurnal',
      'hawkes',
      'idle',
      'poisson',
    ]);
    expect(scenario.traffic.phases[7]).toMatchObject({ name: 'phase-7', orders: 0 });
  });

  it('names the path of each problem', () => {
    const message = problemsOf(
      '    - { arrival: ramp, durationSeconds: 60, fromPerSecond: 1 }\n' +
        '    - { arrival: step, durationSeconds: 60, fromPerSecond: 1, toPerSecond: 3, atSeconds: 90 }\n' +
        '    - { arrival: hawkes, durationSeconds: 60, basePerSecond: 1, branchingRatio: 1, halfLifeSeconds: 2 }\n' +
        '    - { arrival: poisson, durationSeconds: 60, ratePerSecond: 1, peakPerSecond: 3 }\n' +
        '    - { arrival: wave, durationSeconds: 60, peakPerSecond: 5 }\n' +
        '    - { arrival: idle }\n' +
        '    - { arrival: trace }\n' +
        '    - { arrival: diurnal, durationSeconds: 60, ratePerSecond: 1, amplitude: 1.5 }\n',
    );
    expect(message).toContain('traffic.phases[0].toPerSecond is required with arrival: ramp (a linear ramp)');
    expect(message).toContain('traffic.phases[1].atSeconds must be ≤ durationSeconds (60) (got 90)');
    expect(message).toContain('traffic.phases[2].branchingRatio must be < 1 (got 1)');
    expect(message).toContain(
      'traffic.phases[3].peakPerSecond is not allowed with arrival: poisson (it belongs to arrival: wave)',
    );
    expect(message).toContain('traffic.phases[4] must have exactly one decay: halfLifeSeconds (exponential)');
    expect(message).toContain('traffic.phases[5].durationSeconds is required with arrival: idle');
    expect(message).toContain('traffic.phases[6].file is required with arrival: trace (a replayed trace)');
    expect(message).toContain('traffic.phases[7].amplitude must be ≤ 1 (got 1.5)');
  });

  it('refuses a trace or rate file that is not there, or not a file, naming the phase', () => {
    expect(problemsOf(`    - { arrival: trace, file: ${import.meta.dirname} }\n`)).toMatch(
      /traffic\.phases\[0\]\.file: .*scenarios is not a regular file/,
    );
    expect(problemsOf('    - { arrival: trace, file: nowhere.csv }\n')).toMatch(
      /traffic\.phases\[0\]\.file: nowhere\.csv cannot be read \(ENOENT/,
    );
    expect(problemsOf('    - { arrival: rate-csv, durationSeconds: 60, file: rates.csv }\n')).toMatch(
      /traffic\.phases\[0\]\.file: rates\.csv cannot be read/,
    );
  });

  it('counts a shape’s expected orders against the volume guard', () => {
    expect(
      problemsOf('    - { arrival: ramp, durationSeconds: 1000000, fromPerSecond: 0, toPerSecond: 100 }\n'),
    ).toMatch(
      /traffic\.phases\[0\] brings the expected number of orders to 50,000,000 \(this phase: 50,000,000 expected from its ramp rate/,
    );
  });
});
