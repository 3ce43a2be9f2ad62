import { describe, expect } from 'vitest';
import { describeDisagreements, disagreementsWithHost } from './compareWithHost.js';
import { hostOracleUnavailableReason, hostSuiteTitle } from './hostOracle.js';

/** A describe block of comparisons with the host FPU, skipped (saying why) where the host cannot serve. */
export function describeAgainstHost(title: string, body: () => void): void {
  describe.skipIf(hostOracleUnavailableReason() !== undefined)(hostSuiteTitle(title), body);
}

/** Every oracle line answered by the library exactly as by the host FPU. */
export function expectAgreementWithHost(lines: readonly string[]): void {
  const disagreements = disagreementsWithHost(lines);
  expect(disagreements.length, describeDisagreements(disagreements, lines.length)).toBe(0);
}
