import { type PortingGap } from '@ubp/core';

/** What the x86-64 port leaves out: every facet is bound, but the CPU stops at SSE2. */
export const portingGaps: readonly PortingGap[] = [
  {
    facet: 'Cpu',
    provided: 'partial',
    missing:
      'instructions past the x86-64 baseline (SSE3, SSSE3, SSE4.1/4.2, AVX, AVX2, AVX-512, BMI): CPUID does not advertise them, ' +
      'so glibc and musl never select those paths, but the emulate strategy refuses a probe on them and a slot could not run them',
    whatItWouldTake:
      'the VEX and EVEX operand forms in the translator (YMM/ZMM and mask registers in the register file, XSAVE areas in the ' +
      'signal frame), each group differential-tested against the host like the SSE2 groups, then the CPUID bits',
    estimate: 'AVX2 alone about the size of the SSE groups (some 2,500 lines); AVX-512 twice that',
  },
];
