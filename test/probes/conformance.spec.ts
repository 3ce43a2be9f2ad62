import { type ConformancePlan, describeConformance } from '../support/conformanceSuite.js';

/**
 * Probe-everywhere conformance on the musl builds (the glibc builds are in conformance.glibc.spec.ts,
 * so that the two run in parallel): every instruction of the chosen functions carries a probe under
 * each strategy; output and hit counts must match an independent single-step oracle. See
 * test/support/conformanceSuite.ts. The functions are ours (entry pushes, RIP-relative loads, jump
 * tables, indirect calls, frame pointers, recursion) and libc's memcpy (assembly, no symbol size),
 * memset, strlen and printf internals (printf_core, fmt_fp with its x87 code).
 */
const DEMO = ['fib', 'scale', 'mix', 'checksum', 'classify', 'apply', 'render', 'main'];
const PARSER = ['expr', 'term', 'skip', 'evaluate', 'main'];

const PLANS: readonly ConformancePlan[] = [
  { id: 'demo', libc: 'musl', functions: [...DEMO, 'printf_core', 'fmt_fp', 'memcpy', 'memset', 'memchr', 'strnlen', 'vfprintf', 'pop_arg'] },
  { id: 'strings', libc: 'musl', functions: ['strlen', 'strchr', 'strrchr', 'strcpy', 'strcmp', 'tolower'] },
  { id: 'qsort', libc: 'musl', functions: ['bsearch', 'cmp_str', 'cmp_rec', 'snprintf', 'strlen'] },
  { id: 'recursion', libc: 'musl', functions: [...PARSER, 'strlen', '__fwritex'] },
  { id: 'stdio_formats', libc: 'musl', functions: ['memcpy', 'pop_arg', 'frexpl', '__fpclassifyl', 'copysignl', 'fmodl', 'scalbnl', 'strtox'] },
];

describeConformance(PLANS);
