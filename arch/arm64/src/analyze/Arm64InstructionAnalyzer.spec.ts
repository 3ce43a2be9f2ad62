import { describe, expect, it } from 'vitest';
import { decodedAt } from '../testing/decodedAt.js';
import { adrp, b, nop, ret } from '../testing/a64Assembler.js';
import { Arm64InstructionAnalyzer, NO_EMULATOR, NO_INTERMEDIATE_PRIVILEGE } from './Arm64InstructionAnalyzer.js';

const analyzer = new Arm64InstructionAnalyzer();
const analyze = (word: number, address = 0x40_0000) => analyzer.analyze(decodedAt(word, address));

const STP_FRAME = 0xa9bf7bfd; // stp x29, x30, [sp, #-16]!
const LDXR = 0xc85f7c20; // ldxr x0, [x1]

describe('Arm64InstructionAnalyzer', () => {
  it('should step an ordinary instruction with only the PC to fix, boostable, not emulable', () => {
    expect(analyze(STP_FRAME)).toMatchObject({
      refusal: undefined,
      mode: 'step',
      fixups: ['ip'],
      boostRefusal: undefined,
      emulateRefusal: NO_EMULATOR,
      privilegedStepRefusal: NO_INTERMEDIATE_PRIVILEGE,
    });
  });

  it('should simulate branches and ADRP, which can be emulated but whose copy could not run from a slot', () => {
    for (const word of [b(0x40), ret(), adrp(0, 1)]) {
      const analysis = analyze(word);
      expect(analysis).toMatchObject({ refusal: undefined, mode: 'simulate', fixups: [], emulateRefusal: undefined });
      expect(analysis.boostRefusal).toMatch(/reads the PC/);
    }
  });

  it('should simulate NOP, with nothing to boost', () => {
    expect(analyze(nop())).toMatchObject({ mode: 'simulate', boostRefusal: 'simulated: nothing to boost', emulateRefusal: undefined });
  });

  it('should refuse an exclusive for every strategy, with the reason', () => {
    const analysis = analyze(LDXR);
    expect(analysis.refusal).toMatch(/exclusive monitor/);
    expect(analysis.boostRefusal).toBe(analysis.refusal);
    expect(analysis.emulateRefusal).toBe(analysis.refusal);
    expect(analysis.privilegedStepRefusal).toBe(analysis.refusal);
  });

  it('should refuse a misaligned address as arch_uprobe_analyze_insn does', () => {
    expect(analyze(nop(), 0x40_0002).refusal).toMatch(/misaligned/);
  });

  it('should always refuse the privileged step: arm64 has no level between EL0 and EL1', () => {
    for (const word of [STP_FRAME, nop(), b(8)]) expect(analyze(word).privilegedStepRefusal).toBe(NO_INTERMEDIATE_PRIVILEGE);
  });
});
