import { type ConformancePlan, describeConformance } from '../support/conformanceSuite.js';

/**
 * Probe-everywhere conformance on the glibc builds (see conformance.spec.ts and
 * test/support/conformanceSuite.ts). glibc's memcpy, memmove and strlen are IFUNC symbols whose
 * values are resolvers; the functions probed are the variants the resolvers pick on the emulated
 * CPU (SSE2, `nm` lists them), and the printf internals are __vfprintf_internal and what it calls.
 */
const DEMO = ['fib', 'scale', 'mix', 'checksum', 'classify', 'apply', 'render', 'main'];
const PARSER = ['expr', 'term', 'skip', 'evaluate', 'main'];

const PLANS: readonly ConformancePlan[] = [
  { id: 'demo', libc: 'glibc', functions: [...DEMO, '__vfprintf_internal', '__memmove_sse2_unaligned_erms', '__strchrnul_sse2', '_IO_new_file_xsputn', 'hack_digit', '_itoa_word', '__mpn_divrem'] },
  { id: 'strings', libc: 'glibc', functions: ['__strlen_sse2', '__strchr_sse2'] },
  { id: 'qsort', libc: 'glibc', functions: ['__memmove_sse2_unaligned_erms', 'cmp_rec', 'cmp_str', '__qsort_r', '__mpn_mul_1', '_IO_default_xsputn'] },
  { id: 'recursion', libc: 'glibc', functions: [...PARSER, '__strlen_sse2', '_itoa_word'] },
  { id: 'stdio_formats', libc: 'glibc', functions: ['round_and_return', '__mpn_extract_double', 'read_int', '__mpn_lshift', '__memmove_sse2_unaligned', '_itoa_word'] },
];

describeConformance(PLANS);
