import { type X86RegisterFile } from '../state/X86RegisterFile.js';

/** RDTSC: the time-stamp counter runs at 1 GHz of virtual time, so it is deterministic. */
export function rdtsc(s: X86RegisterFile, nowNs: number): void {
  s.r[0] = nowNs | 0;
  s.r[1] = 0;
  s.r[4] = Math.floor(nowNs / 4294967296) | 0;
  s.r[5] = 0;
}
