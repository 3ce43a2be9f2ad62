/**
 * Guest time. By default it is virtual: derived from instructions retired (one nanosecond
 * each) plus whatever sleeps have skipped, so runs are deterministic.
 */
export interface VirtualClock {
  nowNs(): number;
}
