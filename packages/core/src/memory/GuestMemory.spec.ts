import { describe, expect, it } from 'vitest';
import { GuestFault, SegvCode } from './GuestFault.js';
import { GuestMemory } from './GuestMemory.js';
import { Page } from './Page.js';
import { Protection } from './Protection.js';

const RW = Protection.Read | Protection.Write;

/** Two writable pages at 0x1000-0x3000, a read-only one at 0x3000, nothing else. */
function memory(): GuestMemory {
  return new GuestMemory(
    { materialize: (index) => (index >= 1 && index <= 2 ? new Page(RW, false) : index === 3 ? new Page(Protection.Read, false) : undefined) },
    2 ** 47,
    Protection.None,
  );
}

function faultOf(run: () => unknown): GuestFault | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof GuestFault) return error;
    throw error;
  }
  return undefined;
}

describe('GuestMemory', () => {
  it('should read back values of every width, little endian', () => {
    const m = memory();
    m.w64(0x1008, 0x89abcdef | 0, 0x01234567);
    expect(m.r8(0x1008)).toBe(0xef);
    expect(m.r16(0x1008)).toBe(0xcdef);
    expect(m.r32(0x1008)).toBe(0x89abcdef | 0);
    expect(m.r64(0x1008)).toBe(0x89abcdef | 0);
    expect(m.hi).toBe(0x01234567);
  });

  it('should read and write across a page boundary', () => {
    const m = memory();
    m.w64(0x1ffc, 0x11223344, 0x55667788);
    expect(m.r32(0x1ffe)).toBe(0x77881122 | 0);
    expect(m.r64(0x1ffc)).toBe(0x11223344);
    expect(m.hi).toBe(0x55667788);
  });

  it('should fault with the address and leave memory unchanged when a write straddles into read-only memory', () => {
    const m = memory();
    const fault = faultOf(() => m.w64(0x2ffc, -1, -1));
    expect(fault?.address).toBe(0x3000);
    expect(fault?.code).toBe(SegvCode.AccessError);
    expect(m.r32(0x2ffc)).toBe(0);
  });

  it('should distinguish unmapped, protected and non-canonical addresses', () => {
    const m = memory();
    expect(faultOf(() => m.r8(0x5000))?.code).toBe(SegvCode.MapError);
    expect(faultOf(() => m.w8(0x3000, 1))?.code).toBe(SegvCode.AccessError);
    expect(faultOf(() => m.r8(2 ** 48))?.code).toBe(SegvCode.Kernel);
  });

  it('should report writes to pages holding code, and force writes past protection', () => {
    const m = memory();
    const written: number[] = [];
    m.onCodeWrite = (index) => written.push(index);
    m.r8(0x3000);
    m.markCode(3);
    m.poke(0x3004, Uint8Array.of(0xcc));
    expect(written).toEqual([3]);
    expect(m.r8(0x3004)).toBe(0xcc);
  });

  it('should count pages only when they are touched', () => {
    const m = memory();
    m.r8(0x1000);
    m.r8(0x1fff);
    m.w8(0x2000, 1);
    expect(m.residentPages).toBe(2);
  });
});

describe('GuestMemory faults', () => {
  it('should report the first byte of an unreadable access, as the hardware does', () => {
    const m = memory();
    expect(faultOf(() => m.r32(0x7fe0))?.address).toBe(0x7fe0);
    expect(faultOf(() => m.r64(0x3ffc))?.address).toBe(0x4000);
  });
});
