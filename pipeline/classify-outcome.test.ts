import { describe, expect, it } from 'vitest';
import type { DispatchResult, NetworkErrorKind } from '../runtime/transport.js';
import { classifyOutcome } from './classify-outcome.js';

const status = (code: number): DispatchResult => ({
  ok: true,
  response: { status: code, headers: {}, body: '{}' },
});
const network = (kind: NetworkErrorKind): DispatchResult => ({ ok: false, error: { kind, message: kind } });

describe('classifyOutcome', () => {
  it('calls every 2xx a success that applied', () => {
    for (const code of [200, 201, 204])
      expect(classifyOutcome(status(code))).toEqual({
        kind: 'success',
        maybeApplied: true,
        reason: `HTTP ${code}`,
      });
  });

  it('retries a 429, which never applied anything (Shopify throttles before the request runs)', () => {
    expect(classifyOutcome(status(429))).toEqual({
      kind: 'retryable',
      maybeApplied: false,
      reason: 'HTTP 429',
    });
  });

  it('retries every 5xx and a 408 as ambiguous: the write may have happened', () => {
    for (const code of [500, 502, 503, 504, 408])
      expect(classifyOutcome(status(code))).toMatchObject({ kind: 'retryable', maybeApplied: true });
  });

  it('never retries 400/401/402/403/404/409/422/423 or another 4xx, and none of them applied', () => {
    for (const code of [400, 401, 402, 403, 404, 409, 413, 422, 423])
      expect(classifyOutcome(status(code))).toEqual({
        kind: 'fatal',
        maybeApplied: false,
        reason: `HTTP ${code}`,
      });
  });

  it('calls 1xx, 3xx and out-of-range statuses fatal: the client follows no redirects', () => {
    for (const code of [101, 301, 304, 600]) expect(classifyOutcome(status(code)).kind).toBe('fatal');
  });

  it('gives the same verdict, reason included, for a status seen again, and one that cannot be changed', () => {
    const first = classifyOutcome(status(503));
    expect(classifyOutcome(status(503))).toEqual({
      kind: 'retryable',
      maybeApplied: true,
      reason: 'HTTP 503',
    });
    expect(Object.isFrozen(first)).toBe(true);
    expect(classifyOutcome(status(2000))).toEqual({
      kind: 'fatal',
      maybeApplied: false,
      reason: 'HTTP 2000',
    });
    expect(classifyOutcome(status(20.5)).reason).toBe('HTTP 20.5');
    expect(classifyOutcome(network('reset'))).toEqual(classifyOutcome(network('reset')));
  });

  it('retries a reset or a timeout as ambiguous, and a refused connection as never applied', () => {
    expect(classifyOutcome(network('reset'))).toEqual({
      kind: 'retryable',
      maybeApplied: true,
      reason: 'network reset',
    });
    expect(classifyOutcome(network('timeout'))).toMatchObject({ kind: 'retryable', maybeApplied: true });
    expect(classifyOutcome(network('refused'))).toMatchObject({ kind: 'retryable', maybeApplied: false });
  });

  it('does not retry what the caller aborted, but counts it as possibly applied', () => {
    expect(classifyOutcome(network('aborted'))).toEqual({
      kind: 'fatal',
      maybeApplied: true,
      reason: 'network aborted',
    });
  });
});
