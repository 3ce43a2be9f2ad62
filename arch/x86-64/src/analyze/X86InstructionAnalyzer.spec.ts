import { describe, expect, it } from 'vitest';
import { IcedInstructionDecoder } from '../decode/IcedInstructionDecoder.js';
import { REJECTED_ONE_BYTE, REJECTED_TWO_BYTE } from './kernelOpcodeVerdicts.js';
import { type X86InstructionAnalysis, X86InstructionAnalyzer } from './X86InstructionAnalyzer.js';

/**
 * The analysis facet against the kernel's verdicts (arch/x86/kernel/uprobes.c: good_insns_64,
 * good_2byte_insns, is_prefix_bad, insn_masking_exception, branch_setup_xol_ops,
 * push_setup_xol_ops and the fixup switch of arch_uprobe_analyze_insn), with the exceptions
 * docs/strategies.md documents.
 */

const AT = 0x401000;
const decoder = new IcedInstructionDecoder();
const analyzer = new X86InstructionAnalyzer();

/** The analysis of `bytes` (hex, spaces allowed), which must decode as exactly one instruction of that length. */
function analysisOf(hex: string): X86InstructionAnalysis {
  const bytes = Buffer.from(hex.replace(/ /g, ''), 'hex');
  const insn = decoder.decode(bytes, AT);
  if (insn === undefined || insn.length !== bytes.length) throw new Error(`${hex} is not one instruction (${insn?.length ?? 'invalid'})`);
  return analyzer.analyze(insn);
}

/**
 * A representative instruction for an opcode: the opcode, a ModRM of 00 ([rax], group member 0)
 * and zeros for any displacement or immediate; undefined when no instruction starts that way in
 * 64-bit mode. The trailing zeros are only there for the decoder to take what it needs.
 */
function representative(opcode: readonly number[]): X86InstructionAnalysis | undefined {
  const bytes = Uint8Array.from([...opcode, ...new Array<number>(14).fill(0)]);
  const insn = decoder.decode(bytes, AT);
  return insn === undefined ? undefined : analyzer.analyze(insn);
}

const hex = (byte: number) => byte.toString(16).padStart(2, '0');
const PREFIX_OR_ESCAPE = new Set([0x0f, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3, 0xc4, 0xc5, 0x62, ...Array.from({ length: 16 }, (_, i) => 0x40 + i)]);

describe('X86InstructionAnalyzer against the kernel opcode tables', () => {
  it('refuses exactly the one-byte opcodes good_insns_64 rejects (an opcode invalid in 64-bit mode cannot even be decoded)', () => {
    const disagreements: string[] = [];
    for (let opcode = 0; opcode < 0x100; opcode++) {
      if (PREFIX_OR_ESCAPE.has(opcode)) continue;
      const analysis = representative([opcode]);
      const kernel = REJECTED_ONE_BYTE.get(opcode);
      if (analysis === undefined) {
        if (kernel === undefined) disagreements.push(`${hex(opcode)}: does not decode, but the kernel table accepts it`);
        continue;
      }
      if ((analysis.refusal !== undefined) !== (kernel !== undefined)) disagreements.push(`${hex(opcode)} (${analysis.instruction.text}): refusal ${analysis.refusal ?? 'none'}, kernel ${kernel ?? 'accepts'}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('refuses exactly the 0f xx opcodes good_2byte_insns rejects (0f ae /0, fxsave, is a documented exception)', () => {
    const disagreements: string[] = [];
    for (let second = 0; second < 0x100; second++) {
      const opcode = second === 0x3a ? [0x0f, 0x3a, 0x0f] : [0x0f, second];
      const analysis = representative(opcode);
      if (analysis === undefined) continue;
      const kernel = second === 0xae ? undefined : REJECTED_TWO_BYTE.get(second);
      if ((analysis.refusal !== undefined) !== (kernel !== undefined)) disagreements.push(`0f ${hex(second)} (${analysis.instruction.text}): refusal ${analysis.refusal ?? 'none'}, kernel ${kernel ?? 'accepts'}`);
    }
    expect(disagreements).toEqual([]);
    // Enough of the map decodes for the loop to mean something.
    expect(Array.from({ length: 256 }, (_, b) => representative([0x0f, b])).filter((a) => a !== undefined).length).toBeGreaterThan(200);
  });

  it.each([
    ['0f ae 00', 'fxsave [rax]'],
    ['48 0f ae 08', 'fxrstor64 [rax]'],
    ['0f ae 10', 'ldmxcsr [rax]'],
    ['0f ae 18', 'stmxcsr [rax]'],
    ['0f ae 38', 'clflush [rax]'],
    ['0f ae e8', 'lfence'],
    ['0f ae f0', 'mfence'],
    ['0f ae f8', 'sfence'],
  ])('accepts group 15 user form %s (%s), a documented exception to good_2byte_insns', (bytes) => {
    expect(analysisOf(bytes).refusal).toBeUndefined();
  });

  it.each([
    ['0f ae 20', 'xsave [rax]'],
    ['0f ae 28', 'xrstor [rax]'],
    ['0f ae 30', 'xsaveopt [rax]'],
    ['f3 0f ae c0', 'rdfsbase eax'],
    ['f3 48 0f ae d8', 'wrgsbase rax'],
  ])('refuses the other group 15 form %s (%s), as good_2byte_insns does', (bytes) => {
    expect(analysisOf(bytes).refusal).toBe(REJECTED_TWO_BYTE.get(0xae));
  });

  it.each([
    ['f0 01 00', 'lock add [rax],eax', 'LOCK prefix (is_prefix_bad)'],
    ['f0 48 0f b1 0f', 'lock cmpxchg [rdi],rcx', 'LOCK prefix (is_prefix_bad)'],
    ['26 01 00', 'es: add', 'ES/CS/SS/DS segment-override prefix (is_prefix_bad)'],
    ['2e 01 00', 'cs: add', 'ES/CS/SS/DS segment-override prefix (is_prefix_bad)'],
    ['36 01 00', 'ss: add', 'ES/CS/SS/DS segment-override prefix (is_prefix_bad)'],
    ['3e 01 00', 'ds: add', 'ES/CS/SS/DS segment-override prefix (is_prefix_bad)'],
    ['3e ff e0', 'notrack jmp rax', 'ES/CS/SS/DS segment-override prefix (is_prefix_bad)'],
    ['66 2e 0f 1f 84 00 00 00 00 00', 'cs nopw (gcc padding)', 'ES/CS/SS/DS segment-override prefix (is_prefix_bad)'],
    ['8e d0', 'mov ss,ax', 'mov ss suppresses the next debug trap'],
    ['8e 10', 'mov ss,[rax]', 'mov ss suppresses the next debug trap'],
  ])('refuses %s (%s): %s', (bytes, _text, reason) => {
    expect(analysisOf(bytes).refusal).toBe(reason);
  });

  it.each([
    ['64 01 00', 'fs: add'],
    ['65 48 8b 04 25 28 00 00 00', 'mov rax,gs:[28h]'],
    ['66 01 00', 'add [rax],ax'],
    ['67 01 00', 'add [eax],eax'],
    ['f3 48 a5', 'rep movsq'],
    ['8e c0', 'mov es,ax (only mov ss masks traps)'],
    ['41 90', 'xchg r8d,eax (not a nop despite the 90)'],
  ])('accepts %s (%s)', (bytes) => {
    expect(analysisOf(bytes).refusal).toBeUndefined();
  });

  it.each([
    ['66 eb 00', 'jmp rel8'],
    ['66 e9 00 00', 'jmp rel16'],
    ['66 e8 00 00', 'call rel16'],
    ['66 74 00', 'je rel8'],
    ['66 0f 84 00 00', 'je rel16'],
  ])('refuses the 0x66-prefixed branch %s (%s): Intel and AMD disagree', (bytes) => {
    expect(analysisOf(bytes).refusal).toBe('branch with an operand-size prefix: Intel and AMD disagree on its meaning');
  });
});

describe('X86InstructionAnalyzer simulations (branch_xol_ops, push_xol_ops)', () => {
  it.each<readonly [string, string, string]>([
    ['90', 'nop', 'nop'],
    ['66 90', 'xchg ax,ax', 'nop'],
    ['0f 1f 00', 'nopl [rax]', 'nop'],
    ['0f 1f 40 00', 'nopl 0(rax)', 'nop'],
    ['0f 1f 44 00 00', 'nopl 0(rax,rax)', 'nop'],
    ['66 0f 1f 44 00 00', 'nopw 0(rax,rax)', 'nop'],
    ['0f 1f 80 00 00 00 00', 'nopl 0(rax) disp32', 'nop'],
    ['0f 1f 84 00 00 00 00 00', 'nopl 0(rax,rax) disp32', 'nop'],
    ['66 0f 1f 84 00 00 00 00 00', 'nopw 0(rax,rax) disp32', 'nop'],
    ['eb 10', 'jmp rel8', 'jump'],
    ['e9 00 01 00 00', 'jmp rel32', 'jump'],
    ['e8 00 01 00 00', 'call rel32', 'call'],
    ...Array.from({ length: 16 }, (_, cc) => [`${hex(0x70 + cc)} 10`, `jcc rel8 (${cc})`, 'jcc'] as const),
    ...Array.from({ length: 16 }, (_, cc) => [`0f ${hex(0x80 + cc)} 00 01 00 00`, `jcc rel32 (${cc})`, 'jcc'] as const),
    ...Array.from({ length: 8 }, (_, r) => [hex(0x50 + r), `push r${r}`, 'push'] as const),
    ...Array.from({ length: 8 }, (_, r) => [`41 ${hex(0x50 + r)}`, `push r${r + 8}`, 'push'] as const),
  ])('simulates %s (%s) as %s, with no fixups', (bytes, _text, simulation) => {
    const analysis = analysisOf(bytes);
    expect(analysis.refusal).toBeUndefined();
    expect([analysis.mode, analysis.simulation, analysis.fixups]).toEqual(['simulate', simulation, []]);
  });

  it.each([
    ['48 50', 'push rax with REX.W: only REX 0x41 is simulated'],
    ['66 50', 'push ax'],
    ['ff 30', 'push [rax]'],
    ['6a 01', 'push imm8'],
    ['41 90', 'xchg r8d,eax'],
    ['e3 10', 'jrcxz'],
    ['e2 10', 'loop'],
  ])('steps %s (%s) instead of simulating it', (bytes) => {
    expect(analysisOf(bytes).mode).toBe('step');
  });
});

describe('X86InstructionAnalyzer fixups (arch_uprobe_analyze_insn)', () => {
  it.each([
    ['01 d8', 'add eax,ebx', ['ip']],
    ['c3', 'ret', []],
    ['c2 10 00', 'ret 16', []],
    ['cb', 'retf', []],
    ['ca 08 00', 'retf 8', []],
    ['ff d0', 'call rax (ff /2)', ['call']],
    ['41 ff d3', 'call r11', ['call']],
    ['ff 10', 'call [rax]', ['call']],
    ['48 ff 18', 'call far [rax] (ff /3)', ['call']],
    ['ff e0', 'jmp rax (ff /4)', []],
    ['ff 20', 'jmp [rax]', []],
    ['48 ff 28', 'jmp far [rax] (ff /5)', []],
    ['ff 15 00 01 00 00', 'call [rip+x]', ['call', 'pc-relative']],
    ['ff 25 00 01 00 00', 'jmp [rip+x]', ['pc-relative']],
    ['9d', 'popf', ['ip', 'trap-flag']],
    ['8b 05 00 01 00 00', 'mov eax,[rip+x]', ['ip', 'pc-relative']],
    ['81 3d 00 01 00 00 01 00 00 00', 'cmp dword [rip+x],1', ['ip', 'pc-relative']],
    ['e2 10', 'loop', ['ip']],
    ['e3 10', 'jrcxz', ['ip']],
    ['9c', 'pushf', ['ip']],
  ])('%s (%s) is stepped with fixups %j', (bytes, _text, fixups) => {
    const analysis = analysisOf(bytes);
    expect(analysis.mode).toBe('step');
    expect([...analysis.fixups].sort()).toEqual([...fixups].sort());
  });

  it.each([
    ['9c', 'pushf'],
    ['9d', 'popf'],
    ['66 9c', 'pushfw'],
    ['66 9d', 'popfw'],
  ])('%s (%s) may not be stepped at CPL2', (bytes) => {
    expect(analysisOf(bytes).privilegedStepRefusal).toBeDefined();
  });

  it.each(['01 d8', '8b 05 00 01 00 00', 'c3', 'ff d0', 'f3 48 a5'])('%s may be stepped at CPL2', (bytes) => {
    expect(analysisOf(bytes).privilegedStepRefusal).toBeUndefined();
  });
});
