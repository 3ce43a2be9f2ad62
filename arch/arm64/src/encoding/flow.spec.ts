import { describe, expect, it } from 'vitest';
import { adr, adrp, b, bCond, bl, blr, br, cbz, Cond, nop, ret, tbnz } from '../testing/a64Assembler.js';
import { a64Flow } from './flow.js';

const AT = 0x40_0100;

describe('a64Flow', () => {
  it('should give direct branches their kind and absolute target', () => {
    expect(a64Flow(b(-0x100), AT)).toEqual({ flow: 'jump', target: AT - 0x100 });
    expect(a64Flow(bl(0x7ff_fffc), AT)).toEqual({ flow: 'call', target: AT + 0x7ff_fffc });
    expect(a64Flow(bCond(Cond.LT, 0x40), AT)).toEqual({ flow: 'conditional-jump', target: AT + 0x40 });
    expect(a64Flow(cbz(false, 1, -8), AT)).toEqual({ flow: 'conditional-jump', target: AT - 8 });
    expect(a64Flow(tbnz(1, 63, 0x7ffc), AT)).toEqual({ flow: 'conditional-jump', target: AT + 0x7ffc });
    expect(a64Flow(0x54000050, AT)).toEqual({ flow: 'conditional-jump', target: AT + 8 });
  });

  it('should tell indirect jumps, calls and returns apart, with or without pointer authentication', () => {
    expect(a64Flow(br(3), AT)).toEqual({ flow: 'indirect-jump' });
    expect(a64Flow(0xd71f0822, AT)).toEqual({ flow: 'indirect-jump' });
    expect(a64Flow(blr(3), AT)).toEqual({ flow: 'indirect-call' });
    expect(a64Flow(0xd63f087f, AT)).toEqual({ flow: 'indirect-call' });
    expect(a64Flow(ret(), AT)).toEqual({ flow: 'return' });
    expect(a64Flow(0xd65f0bff, AT)).toEqual({ flow: 'return' });
  });

  it('should give SVC, BRK and the instructions undefined at EL0 their exception kinds', () => {
    expect(a64Flow(0xd4000001, AT).flow).toBe('syscall');
    expect(a64Flow(0xd42000a0, AT).flow).toBe('interrupt');
    for (const word of [0xd4000002, 0xd4000003, 0xd4400000, 0xd4a00001, 0xd69f03e0, 0xd69f0bff, 0xd6bf03e0, 0x00000000]) {
      expect(a64Flow(word, AT).flow, word.toString(16)).toBe('exception');
    }
  });

  it('should give ADR, ADRP and the literal loads their PC-relative address', () => {
    expect(a64Flow(adr(0, -3), AT)).toEqual({ flow: 'next', pcRelativeAddress: AT - 3 });
    expect(a64Flow(adrp(0, 1), AT + 0xeff)).toEqual({ flow: 'next', pcRelativeAddress: 0x40_1000 });
    expect(a64Flow(adrp(0, -1), AT + 0xf00)).toEqual({ flow: 'next', pcRelativeAddress: 0x40_0000 });
    for (const literal of [0x58000040, 0x18000040, 0x98000040, 0xd8000040, 0x5c000040, 0x9c000041, 0x1c000042]) {
      expect(a64Flow(literal, AT), literal.toString(16)).toEqual({ flow: 'next', pcRelativeAddress: AT + 8 });
    }
  });

  it('should say nothing else about other instructions', () => {
    expect(a64Flow(nop(), AT)).toEqual({ flow: 'next' });
    expect(a64Flow(0xa9bf7bfd, AT)).toEqual({ flow: 'next' });
  });
});
