import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Mnemonic } from '@ubp/arch-x86-64';
import { type Form } from './catalog.js';

/**
 * A form the generic suite cannot run from random states, why, and the focused test that covers
 * it instead: `spec` (from the repository root) must hold an `it` titled `test`, which the
 * coverage check of differential.spec.ts verifies, so a renamed or deleted test uncovers the form.
 */
export interface Focused {
  readonly why: string;
  readonly spec: string;
  readonly test: string;
}

const SYSTEM = 'test/isa/groups/system.spec.ts';

const BY_MNEMONIC = new Map<number, Focused>([
  [Mnemonic.Syscall, {
    why: 'enters the kernel: the emulator stops there, the host runner would make a real system call',
    spec: SYSTEM,
    test: 'should stop at a syscall with RIP past it and nothing else changed',
  }],
  [Mnemonic.Int3, {
    why: "int3 is the harness's own stop marker",
    spec: SYSTEM,
    test: 'should stop at an int3 inside the snippet, at its address, like the host',
  }],
  [Mnemonic.Cpuid, {
    why: 'the emulated CPU model differs from the host on purpose (runtime/cpuidModel.ts)',
    spec: SYSTEM,
    test: 'should answer every leaf from the CPU model, clearing the upper halves',
  }],
  [Mnemonic.Rdtsc, {
    why: 'reads the time stamp counter: the host and the virtual clock never agree',
    spec: SYSTEM,
    test: 'should read the virtual clock into EDX:EAX, one tick per nanosecond',
  }],
  [Mnemonic.Popcnt, {
    why: 'the CPU model has no POPCNT (#UD on purpose, runtime/cpuidModel.ts); the host has it',
    spec: SYSTEM,
    test: 'should raise #UD for POPCNT, which CPUID does not advertise',
  }],
]);

/** The focused coverage of `form`, or undefined when the generic suite runs it. */
export function focusedCoverage(form: Form): Focused | undefined {
  return BY_MNEMONIC.get(form.mnemonic);
}

const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
const sources = new Map<string, string>();

/** Whether `focused.spec` holds a test titled `focused.test`. */
export function focusedTestExists(focused: Focused): boolean {
  let source = sources.get(focused.spec);
  if (source === undefined) {
    try {
      source = readFileSync(`${REPOSITORY}${focused.spec}`, 'utf8');
    } catch {
      source = '';
    }
    sources.set(focused.spec, source);
  }
  return [`'`, `"`, '`'].some((quote) => source.includes(`it(${quote}${focused.test}${quote}`));
}
