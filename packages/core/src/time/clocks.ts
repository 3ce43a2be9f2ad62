/**
 * Where the guest's clocks start: CLOCK_REALTIME at 2026-01-01T00:00:00Z and CLOCK_MONOTONIC
 * at one second, both advancing with virtual time, so every run sees the same times.
 */
export const REALTIME_EPOCH_SECONDS = 1_767_225_600;
export const MONOTONIC_START_NS = 1_000_000_000;

export const ClockId = {
  CLOCK_REALTIME: 0,
  CLOCK_MONOTONIC: 1,
  CLOCK_PROCESS_CPUTIME_ID: 2,
  CLOCK_THREAD_CPUTIME_ID: 3,
  CLOCK_MONOTONIC_RAW: 4,
  CLOCK_REALTIME_COARSE: 5,
  CLOCK_MONOTONIC_COARSE: 6,
  CLOCK_BOOTTIME: 7,
} as const;

/** The reading of clock `id` at virtual time `nowNs`, as whole seconds and nanoseconds; undefined for an unknown clock. */
export function readClock(id: number, nowNs: number): { seconds: number; nanoseconds: number } | undefined {
  let ns: number;
  switch (id) {
    case ClockId.CLOCK_REALTIME:
    case ClockId.CLOCK_REALTIME_COARSE:
      return { seconds: REALTIME_EPOCH_SECONDS + Math.floor(nowNs / 1e9), nanoseconds: nowNs % 1e9 };
    case ClockId.CLOCK_MONOTONIC:
    case ClockId.CLOCK_MONOTONIC_RAW:
    case ClockId.CLOCK_MONOTONIC_COARSE:
    case ClockId.CLOCK_BOOTTIME:
      ns = MONOTONIC_START_NS + nowNs;
      break;
    case ClockId.CLOCK_PROCESS_CPUTIME_ID:
    case ClockId.CLOCK_THREAD_CPUTIME_ID:
      ns = nowNs;
      break;
    default:
      return undefined;
  }
  return { seconds: Math.floor(ns / 1e9), nanoseconds: ns % 1e9 };
}
