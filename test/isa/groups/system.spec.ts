/**
 * The system instructions the generic suite cannot run (forms/focused.ts): SYSCALL and INT3, which
 * stop the emulator; CPUID and RDTSC, whose values come from the CPU model (runtime/cpuidModel.ts)
 * and the virtual clock (runtime/timeStamp.ts); POPCNT, which the CPU model does not have. Values
 * the host cannot give are checked against the model, and everything else against the host.
 */
import { describe, expect, it } from 'vitest';
import { cpuidLeaf } from '../../../arch/x86-64/src/cpu/runtime/cpuidModel.js';
import {
  caseFrom,
  CODE_ADDRESS,
  describeWithHost,
  EMULATOR_ERROR,
  expectAsModelled,
  expectCasesSameAsHost,
  expectSameAsHostExcept,
  type IsaCase,
  type IsaInput,
  modelledResult,
  runCaseOnEmulator,
  SCRATCH_ADDRESS,
  snippetBytes,
  SYSCALL,
} from '../harness.js';
import { Random } from '../support/random.js';
import { noisy, withFlags } from './groupInputs.js';

const SIGILL = 4;
const ILL_ILLOPN = 2;
const LOW32 = 0xffff_ffffn;
const ALL64 = (1n << 64n) - 1n;
const TWO32 = 2 ** 32;
/** Status flags and DF as loaded, with the bits that are always set: what RFLAGS holds during a case. */
const LOADED_FLAGS = 0xcd5n;
const FIXED_FLAGS = 0x202n;
const MAPPED = SCRATCH_ADDRESS + 0x100;
/** The second scratch page, unmapped where a case says `secondPage: 'none'`. */
const UNMAPPED = SCRATCH_ADDRESS + 0x1000;

const rng = new Random(0x5c5);

/** Every GPR but RSP busy, so that whatever an instruction changes by mistake shows. */
function busyRegisters(): IsaInput {
  return {
    rax: rng.u64(), rcx: rng.u64(), rdx: rng.u64(), rbx: rng.u64(), rbp: rng.u64(), rsi: rng.u64(), rdi: rng.u64(),
    r8: rng.u64(), r9: rng.u64(), r10: rng.u64(), r11: rng.u64(), r12: rng.u64(), r13: rng.u64(), r14: rng.u64(), r15: rng.u64(),
    xmm0: (rng.u64() << 64n) | rng.u64(), xmm15: (rng.u64() << 64n) | rng.u64(),
  };
}

/** The flag inputs of `withFlags`, and DF. */
function withFlagsAndDirection(inputs: readonly IsaInput[]): IsaInput[] {
  return [...withFlags(inputs), ...inputs.map((input) => ({ ...input, rflags: 0x602 }))];
}

/** The address after a snippet: where a run that completes stops. */
function end(code: Uint8Array): number {
  return CODE_ADDRESS + code.length;
}

// --- SYSCALL ---

const SYSCALL_SNIPPET = snippetBytes('mov r8d, 7; syscall');
/** System call numbers no kernel has: the host's kernel only returns -ENOSYS in RAX. */
const NO_SUCH_CALLS = [1000, 0x3fff_ffff, -1];

function syscallCases(): IsaCase[] {
  return withFlagsAndDirection(NO_SUCH_CALLS.map((rax) => ({ ...busyRegisters(), rax }))).map((input) => caseFrom(SYSCALL_SNIPPET, input));
}

// --- CPUID ---

const CPUID = snippetBytes('cpuid');
/** The leaves cpuidLeaf documents. */
const MODEL_LEAVES = [0, 1, 0x8000_0000, 0x8000_0001, 0x8000_0002, 0x8000_0003, 0x8000_0004, 0x8000_0005, 0x8000_0006, 0x8000_0008];
/** Leaves it does not: above its maximum basic or extended leaf, reserved, or another vendor's range. */
const OTHER_LEAVES = [2, 4, 7, 0xb, 0xd, 0x14, 0x4000_0000, 0x8000_0007, 0x8000_0009, 0x8000_001f, 0xc000_0000, 0xffff_ffff];

/** CPUID for `leaf` with noise above it (CPUID reads EAX) and in the registers it writes. */
function cpuidCase(leaf: number, input: IsaInput = {}): IsaCase {
  return caseFrom(CPUID, { ...busyRegisters(), rax: noisy(BigInt(leaf), 32), rcx: noisy(0n, 32), ...input });
}

/** What the emulator answers for `leaf`: EAX, EBX, ECX, EDX. */
function cpuid(leaf: number): [number, number, number, number] {
  const r = runCaseOnEmulator(cpuidCase(leaf));
  if (r.signal !== undefined) throw new Error(`cpuid ${leaf.toString(16)} stopped with signal ${r.signal}: ${r.detail ?? ''}`);
  return [0, 3, 1, 2].map((slot) => Number(r.gpr[slot]! & LOW32)) as [number, number, number, number];
}

/** Registers as the ASCII text they hold, to the first NUL. */
function text(...registers: number[]): string {
  const bytes = Buffer.alloc(4 * registers.length);
  registers.forEach((v, i) => bytes.writeUInt32LE(v >>> 0, 4 * i));
  const nul = bytes.indexOf(0);
  return bytes.subarray(0, nul < 0 ? bytes.length : nul).toString('latin1');
}

function field(value: number, low: number, bits: number): number {
  return (value >>> low) & ((1 << bits) - 1);
}

/** What a feature bit means: instructions (and one that must run), or something a user task cannot use. */
type Feature = { readonly name: string; readonly runs: string } | { readonly name: string; readonly system: string };

const FPU: Feature = { name: 'FPU', runs: 'fld1; fstp st(0)' };
const TSC: Feature = { name: 'TSC', runs: 'rdtsc' };
const MSR: Feature = { name: 'MSR', system: 'RDMSR and WRMSR are privileged' };
const PAE: Feature = { name: 'PAE', system: 'paging' };
const CX8: Feature = { name: 'CX8', runs: 'cmpxchg8b [rbx]' };
const APIC: Feature = { name: 'APIC', system: 'the local APIC' };
const CMOV: Feature = { name: 'CMOV', runs: 'cmove eax, ecx' };
const PAT: Feature = { name: 'PAT', system: 'paging' };
const MMX: Feature = { name: 'MMX', runs: 'paddb mm0, mm1; emms' };
const FXSR: Feature = { name: 'FXSR', runs: 'fxsave [rbx]; fxrstor [rbx]' };

/** CPUID.1:EDX. ECX holds nothing: no SSE3, no POPCNT (bit 23), no CMPXCHG16B... */
const LEAF1_EDX: Readonly<Record<number, Feature>> = {
  0: FPU, 4: TSC, 5: MSR, 6: PAE, 8: CX8, 9: APIC,
  11: { name: 'SEP', system: 'SYSENTER and SYSEXIT, which AMD processors do not have in long mode' },
  15: CMOV, 16: PAT,
  19: { name: 'CLFSH', runs: 'clflush [rbx]' },
  23: MMX, 24: FXSR,
  25: { name: 'SSE', runs: 'addps xmm0, xmm1' },
  26: { name: 'SSE2', runs: 'paddq xmm0, xmm1' },
};

/**
 * CPUID.80000001h:EDX as the AMD APM defines it: bits 0-9, 12-17, 23 and 24 repeat leaf 1's, while
 * 19, 25 and 26 (CLFSH, SSE and SSE2 in leaf 1) mean other things here.
 */
const EXTENDED_EDX: Readonly<Record<number, Feature>> = {
  0: FPU, 4: TSC, 5: MSR, 6: PAE, 8: CX8, 9: APIC,
  11: { name: 'SYSCALL', runs: 'syscall' },
  15: CMOV, 16: PAT,
  19: { name: 'MP', system: 'multiprocessor capable' },
  20: { name: 'NX', system: 'no-execute pages' },
  23: MMX, 24: FXSR,
  25: { name: 'FFXSR', system: 'fast FXSAVE/FXRSTOR, which only EFER.FFXSR enables at CPL 0' },
  26: { name: 'Page1GB', system: 'paging' },
  29: { name: 'LM', runs: 'mov rax, rbx' },
};

/** CPUID.80000001h:ECX: no ABM (bit 5: LZCNT runs as BSR), no SSE4A, no 3DNow! prefetch... */
const EXTENDED_ECX: Readonly<Record<number, Feature>> = { 0: { name: 'LahfSahf', runs: 'lahf; sahf' } };

/**
 * Features the model advertises although the emulator raises SIGILL for their instructions: none
 * since MMX and CLFLUSH were implemented. The model copies a baseline x86-64 processor (glibc
 * counts MMX in the baseline ISA level it checks binaries against), so a gap here would be a bug to
 * fix, not a bit to drop. The test fails when this list is not exactly what the emulator lacks, in
 * either direction.
 */
const ADVERTISED_BUT_MISSING: readonly string[] = [];

// --- RDTSC ---

/** Clock readings across the 32-bit boundary of EAX and up to the largest exact nanosecond count. */
const CLOCK_READINGS = [0, 1, 999_999_999, TWO32 - 1, TWO32, TWO32 + 1, 0x1234_5678_9abc, 2 ** 53 - 1];

// --- POPCNT ---

/** POPCNT of every width, register and memory sources, and after another instruction. */
const POPCNT: ReadonlyArray<readonly [before: string, popcnt: string]> = [
  ['', 'popcnt ax, cx'],
  ['', 'popcnt eax, ecx'],
  ['', 'popcnt rax, rcx'],
  ['', 'popcnt r9d, r10d'],
  ['', 'popcnt ax, word ptr [rbx]'],
  ['', 'popcnt eax, dword ptr [rbx+2]'],
  ['', 'popcnt r11, qword ptr [rbx]'],
  ['mov edx, 1', 'popcnt rax, rcx'],
];

/** Inputs for POPCNT: its memory operand mapped, and unmapped (#UD comes first, before the operand is read). */
function popcntInputs(): IsaInput[] {
  return [
    { ...busyRegisters(), rbx: MAPPED },
    { ...busyRegisters(), rbx: UNMAPPED, secondPage: 'none' },
  ];
}

describe('system instructions and the CPU model', () => {
  it('should stop at a syscall with RIP past it and nothing else changed', () => {
    // SYSCALL saves the return address in RCX and RFLAGS in R11 (Intel SDM vol. 2, SYSCALL); the kernel does the rest.
    const cases = syscallCases();
    const next = end(SYSCALL_SNIPPET);
    const modelled = cases.map((c) =>
      modelledResult(c, next, { gpr: { r8: 7, rcx: next, r11: (c.state.rflags & LOADED_FLAGS) | FIXED_FLAGS }, stop: { signal: SYSCALL } }),
    );
    expectAsModelled(cases, modelled);
  });

  it('should answer every leaf from the CPU model, clearing the upper halves', () => {
    const cases = [...MODEL_LEAVES, ...OTHER_LEAVES].flatMap((leaf) => [cpuidCase(leaf), cpuidCase(leaf, { rflags: 0x8d5, rcx: noisy(1n, 32) })]);
    const modelled = cases.map((c) => {
      const [rax, rbx, rcx, rdx] = cpuidLeaf(Number(c.state.gpr[0]! & LOW32)).map((v) => BigInt(v >>> 0)) as [bigint, bigint, bigint, bigint];
      return modelledResult(c, end(CPUID), { gpr: { rax, rbx, rcx, rdx } });
    });
    expectAsModelled(cases, modelled);
    for (const leaf of OTHER_LEAVES) expect(cpuid(leaf), `leaf 0x${leaf.toString(16)}`).toEqual([0, 0, 0, 0]);
  });

  it('should describe the AMD family 0Fh processor with SSE2 that cpuidModel.ts documents', () => {
    const [maxLeaf, vendorB, vendorC, vendorD] = cpuid(0);
    expect([maxLeaf, text(vendorB, vendorD, vendorC)]).toEqual([1, 'AuthenticAMD']);
    const [maxExtended, b, c, d] = cpuid(0x8000_0000);
    expect([maxExtended, text(b, d, c)]).toEqual([0x8000_0008, 'AuthenticAMD']);

    const [signature, misc, features, edx] = cpuid(1);
    // Family 0Fh (base 0xf, extended 0), model 4, stepping 1.
    expect([field(signature, 8, 4) + field(signature, 20, 8), (field(signature, 16, 4) << 4) | field(signature, 4, 4), field(signature, 0, 4)]).toEqual([0xf, 4, 1]);
    // CLFLUSH line size in quadwords, and one logical processor.
    expect([field(misc, 8, 8) * 8, field(misc, 16, 8)]).toEqual([64, 1]);
    expect(features).toBe(0);
    expect(edx & (1 << 26)).not.toBe(0); // SSE2
    expect(cpuid(0x8000_0001)[0]).toBe(signature);

    const brand = [0x8000_0002, 0x8000_0003, 0x8000_0004].flatMap((leaf) => cpuid(leaf));
    expect(text(...brand)).toBe('UBP emulated x86-64 (baseline, SSE2)');

    // L1 data and instruction caches: 64 KiB, 2-way, one line a tag, 64-byte lines.
    const [, , l1d, l1i] = cpuid(0x8000_0005);
    for (const l1 of [l1d, l1i]) expect([field(l1, 24, 8), field(l1, 16, 8), field(l1, 8, 8), field(l1, 0, 8)]).toEqual([64, 2, 1, 64]);
    // L2: 512 KiB, associativity code 8 (16-way), 64-byte lines; no L3.
    const [, , l2, l3] = cpuid(0x8000_0006);
    expect([field(l2, 16, 16), field(l2, 12, 4), field(l2, 8, 4), field(l2, 0, 8), l3]).toEqual([512, 8, 1, 64, 0]);
    // 40-bit physical and 48-bit virtual addresses: the emulator's canonical addresses are 48-bit.
    const [sizes] = cpuid(0x8000_0008);
    expect([field(sizes, 0, 8), field(sizes, 8, 8)]).toEqual([40, 48]);
  });

  it('should advertise only features the emulator implements', () => {
    const registers = [
      ['CPUID.1:EDX', cpuid(1)[3], LEAF1_EDX],
      ['CPUID.1:ECX', cpuid(1)[2], {}],
      ['CPUID.80000001h:EDX', cpuid(0x8000_0001)[3], EXTENDED_EDX],
      ['CPUID.80000001h:ECX', cpuid(0x8000_0001)[2], EXTENDED_ECX],
    ] as const;
    const unknown: string[] = [];
    const missing: string[] = [];
    for (const [where, value, meanings] of registers) {
      for (let bit = 0; bit < 32; bit++) {
        if ((value & (1 << bit)) === 0) continue;
        const feature = (meanings as Readonly<Record<number, Feature>>)[bit];
        if (feature === undefined) {
          unknown.push(`${where} bit ${bit}`);
        } else if ('runs' in feature) {
          const { signal } = runCaseOnEmulator(caseFrom(snippetBytes(feature.runs), { rbx: MAPPED }));
          if (signal === SIGILL || signal === EMULATOR_ERROR) missing.push(`${where}.${feature.name}`);
        }
      }
    }
    expect(unknown, 'bits with no meaning in this table: a feature the model should not advertise, or one to add').toEqual([]);
    expect(missing.sort()).toEqual(ADVERTISED_BUT_MISSING);
  });

  it('should read the virtual clock into EDX:EAX, one tick per nanosecond', () => {
    const rdtsc = snippetBytes('rdtsc');
    for (const ns of CLOCK_READINGS) {
      const c = caseFrom(rdtsc, busyRegisters());
      const modelled = modelledResult(c, end(rdtsc), { gpr: { rax: ns % TWO32, rdx: Math.floor(ns / TWO32) } });
      expectAsModelled([c], [modelled], [runCaseOnEmulator(c, { nowNs: () => ns })]);
    }
    // Each RDTSC reads the clock when it runs: 250 ns pass between these two.
    const twice = snippetBytes('rdtsc; mov r8, rax; mov r9, rdx; rdtsc');
    let now = TWO32 - 300;
    const c = caseFrom(twice, busyRegisters());
    const first = TWO32 - 50;
    const second = TWO32 + 200;
    const modelled = modelledResult(c, end(twice), { gpr: { r8: first, r9: 0, rax: second - TWO32, rdx: 1 } });
    expectAsModelled([c], [modelled], [runCaseOnEmulator(c, { nowNs: () => (now += 250) })]);
  });

  it('should raise #UD for POPCNT, which CPUID does not advertise', () => {
    expect(cpuid(1)[2] & (1 << 23), 'CPUID.1:ECX.POPCNT').toBe(0);
    const cases = POPCNT.flatMap(([before, popcnt]) => {
      const code = snippetBytes(before === '' ? popcnt : `${before}; ${popcnt}`);
      return popcntInputs().map((input) => ({ c: caseFrom(code, input), at: end(code) - snippetBytes(popcnt).length, before }));
    });
    const modelled = cases.map(({ c, at, before }) =>
      modelledResult(c, at, { gpr: before === '' ? {} : { rdx: 1 }, stop: { signal: SIGILL, siCode: ILL_ILLOPN, siAddr: at } }),
    );
    expectAsModelled(
      cases.map(({ c }) => c),
      modelled,
    );
  });
});

describeWithHost('system instructions against the host', () => {
  it('should stop at an int3 inside the snippet, at its address, like the host', () => {
    const inputs = withFlags([{ ...busyRegisters(), rbx: MAPPED }]);
    expectCasesSameAsHost(
      ['int3; mov eax, 1', 'mov eax, 5; add [rbx], eax; int3; mov eax, 6', 'jmp 1f; mov eax, 1; 1: int3; mov eax, 2', 'call 1f; mov eax, 1; 1: int3', 'push rax; int3; pop rbx'].flatMap((source) =>
        inputs.map((input) => caseFrom(snippetBytes(source), input)),
      ),
    );
  });

  it('should leave every register as the host kernel does across a system call, but its result in RAX', () => {
    const next = BigInt(end(SYSCALL_SNIPPET));
    expectSameAsHostExcept(syscallCases(), { rax: ALL64 }, (emulator, c) => {
      expect([emulator.signal, emulator.rip, emulator.gpr[0]]).toEqual([SYSCALL, next, c.state.gpr[0]]);
      return { ...emulator, signal: undefined };
    });
  });

  it("should change nothing but CPUID's four registers, clearing their upper halves like the host", () => {
    const leaves = [0, 1, 7, 0x8000_0000, 0x8000_0001, 0x8000_0002];
    const cases = leaves.flatMap((leaf) => withFlagsAndDirection([{}]).map((flags) => cpuidCase(leaf, flags)));
    expectSameAsHostExcept(cases, { rax: LOW32, rbx: LOW32, rcx: LOW32, rdx: LOW32 });
  });

  it('should change nothing but EDX:EAX in RDTSC, clearing their upper halves like the host', () => {
    const rdtsc = snippetBytes('rdtsc');
    expectSameAsHostExcept(
      withFlagsAndDirection([busyRegisters(), busyRegisters()]).map((input) => caseFrom(rdtsc, input)),
      { rax: LOW32, rdx: LOW32 },
    );
  });

  it('should fault on POPCNT where the host faults on a UD2 in its place', () => {
    // The host has POPCNT: it runs UD2 padded with NOPs to the same length instead.
    const cases = POPCNT.flatMap(([before, popcnt]) => {
      const code = snippetBytes(before === '' ? popcnt : `${before}; add eax, ecx; ${popcnt}`);
      const at = code.length - snippetBytes(popcnt).length;
      const hostCode = Uint8Array.from(code).fill(0x90, at);
      hostCode.set([0x0f, 0x0b], at);
      return withFlags(popcntInputs()).map((input) => ({ ...caseFrom(code, input), hostCode }));
    });
    expectCasesSameAsHost(cases);
  });
});
