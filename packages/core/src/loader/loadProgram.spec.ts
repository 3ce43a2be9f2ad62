import { describe, expect, it } from 'vitest';
import { buildElfImage, staticExecutableSpec, TEXT_ADDRESS } from '../elf/testing/buildElfImage.js';
import { parseElf } from '../elf/parseElf.js';
import { type ArchDescriptor } from '../isa/ArchDescriptor.js';
import { type GuestMemory } from '../memory/GuestMemory.js';
import { AddressSpace } from '../process/AddressSpace.js';
import { renderMaps } from '../process/renderMaps.js';
import { AuxvType } from './AuxvType.js';
import { loadProgram } from './loadProgram.js';

const descriptor = {
  name: 'test',
  platform: 'x86_64',
  hwcap: 0x178bfbff,
  hwcap2: 0,
  minSignalStackSize: 2048,
  layout: { taskSize: 0x7ffffffff000, stackTop: 0x7ffffffff000, stackLimit: 8 << 20, mmapBase: 0x7ffff7fff000, mmapMinAddr: 0x10000, pieLoadBase: 0x555555554000, canonicalLimit: 2 ** 47, impliedRead: 0 },
} as unknown as ArchDescriptor;

const text = new TextEncoder();

function load() {
  const image = buildElfImage(staticExecutableSpec());
  const elf = parseElf(image.bytes, 'prog');
  const space = new AddressSpace(descriptor.layout);
  const loaded = loadProgram(space, descriptor, elf, {
    file: { path: '/prog', bytes: image.bytes, device: '08:01', inode: 42 },
    argv: [text.encode('./prog'), text.encode('one')],
    envp: [text.encode('A=1')],
    execPath: text.encode('./prog'),
    random: Uint8Array.from({ length: 16 }, (_, i) => i),
    credentials: { uid: 1000, gid: 100 },
  });
  return { space, loaded, memory: space.memory };
}

function word(memory: GuestMemory, address: number): number {
  const lo = memory.r64(address) >>> 0;
  return memory.hi * 2 ** 32 + lo;
}

function string(memory: GuestMemory, address: number): string {
  return new TextDecoder().decode(memory.readCString(address, 4096));
}

describe('loadProgram', () => {
  it('should map each PT_LOAD with its permissions, bss zeroed, and a grows-down stack', () => {
    const { space } = load();
    const maps = renderMaps(space).split('\n').filter((l) => l !== '');
    expect(maps.map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      '00400000-00401000 r--p 00000000',
      '00401000-00402000 r-xp 00001000',
      '00402000-00403000 rw-p 00002000',
      '7ffffffde000-7ffffffff000 rw-p 00000000',
    ]);
    expect(maps[3]).toMatch(/\[stack\]$/);
    expect(space.memory.r32(0x402080)).toBe(0);
  });

  it('should lay out argc, argv, envp and auxv at a 16-byte aligned stack pointer', () => {
    const { loaded, memory } = load();
    const sp = loaded.stackPointer;
    expect(sp % 16).toBe(0);
    expect(word(memory, sp)).toBe(2);
    expect(string(memory, word(memory, sp + 8))).toBe('./prog');
    expect(string(memory, word(memory, sp + 16))).toBe('one');
    expect(word(memory, sp + 24)).toBe(0);
    expect(string(memory, word(memory, sp + 32))).toBe('A=1');
    expect(word(memory, sp + 40)).toBe(0);
    const auxv = new Map<number, number>();
    for (let at = sp + 48; ; at += 16) {
      const key = word(memory, at);
      if (key === AuxvType.AT_NULL) break;
      auxv.set(key, word(memory, at + 8));
    }
    expect(auxv.get(AuxvType.AT_ENTRY)).toBe(TEXT_ADDRESS);
    expect(auxv.get(AuxvType.AT_PHDR)).toBe(0x400040);
    expect(auxv.get(AuxvType.AT_PHNUM)).toBe(5);
    expect(auxv.get(AuxvType.AT_PAGESZ)).toBe(4096);
    expect(auxv.get(AuxvType.AT_UID)).toBe(1000);
    expect(auxv.get(AuxvType.AT_EGID)).toBe(100);
    expect(auxv.get(AuxvType.AT_HWCAP)).toBe(0x178bfbff);
    expect(string(memory, auxv.get(AuxvType.AT_EXECFN)!)).toBe('./prog');
    expect(string(memory, auxv.get(AuxvType.AT_PLATFORM)!)).toBe('x86_64');
    expect([...memory.read(auxv.get(AuxvType.AT_RANDOM)!, 16)]).toEqual(Array.from({ length: 16 }, (_, i) => i));
  });
});
