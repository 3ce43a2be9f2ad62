import { describe, expect, it } from 'vitest';
import { type ElfErrorCode, ElfFormatError } from './ElfFormatError.js';
import {
  EM_AARCH64,
  ET_CORE,
  ET_DYN,
  ET_EXEC,
  ET_REL,
  PF_R,
  PF_W,
  PF_X,
  PT_GNU_STACK,
  PT_INTERP,
  PT_LOAD,
  PT_NOTE,
  PT_PHDR,
  SHN_ABS,
  SHT_SYMTAB,
  STB_GLOBAL,
  STB_LOCAL,
  STT_FUNC,
  STT_OBJECT,
} from './elfConstants.js';
import { parseElf } from './parseElf.js';
import {
  buildElfImage,
  cString,
  EHDR,
  type ElfImage,
  type ElfImageSpec,
  PHDR,
  patch,
  SHDR,
  staticExecutableSpec,
  TEXT_ADDRESS,
} from './testing/buildElfImage.js';

const ONE_LINE = /^[^\r\n\u2028\u2029]+$/;

function image(mutate: (image: ElfImage) => void = () => {}, spec: ElfImageSpec = staticExecutableSpec()): Uint8Array {
  const built = buildElfImage(spec);
  mutate(built);
  return built.bytes;
}

function phdrField(built: ElfImage, index: number, field: keyof typeof PHDR): number {
  return built.phoff + index * 56 + PHDR[field];
}

function shdrField(built: ElfImage, section: string, field: keyof typeof SHDR): number {
  const index = built.sectionIndex.get(section);
  if (index === undefined) throw new Error(`no section ${section}`);
  return built.shoff + index * 64 + SHDR[field];
}

function sectionOffset(built: ElfImage, section: string): number {
  return Number(new DataView(built.bytes.buffer).getBigUint64(shdrField(built, section, 'offset'), true));
}

function rejection(bytes: Uint8Array, code: ElfErrorCode): string {
  let caught: unknown;
  try {
    parseElf(bytes, 'test');
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ElfFormatError);
  const error = caught as ElfFormatError;
  expect({ code: error.code, message: error.message }).toEqual({ code, message: expect.stringMatching(ONE_LINE) });
  return error.message;
}

function warningsOf(bytes: Uint8Array): { code: ElfErrorCode; message: string }[] {
  const elf = parseElf(bytes, 'test');
  for (const warning of elf.warnings) expect(warning.message).toMatch(ONE_LINE);
  return elf.warnings.map((warning) => ({ code: warning.code, message: warning.message }));
}

const staticPieSpec: ElfImageSpec = {
  type: ET_DYN,
  entry: 0x1000,
  segments: [
    { type: PT_LOAD, flags: PF_R, vaddr: 0, place: 'headers' },
    { type: PT_LOAD, flags: PF_R | PF_X, vaddr: 0x1000, content: new Uint8Array(0x40) },
    { type: PT_LOAD, flags: PF_R | PF_W, vaddr: 0x2000, content: new Uint8Array(0x10), memsz: 0x40 },
  ],
};

describe('parseElf accepts', () => {
  it('a static executable, reporting what the loader needs', () => {
    const elf = parseElf(image(), 'demo');
    expect(elf.displayName).toBe('demo');
    expect(elf.header).toMatchObject({ type: ET_EXEC, machine: 62, entry: TEXT_ADDRESS, phoff: 64, phnum: 5 });
    expect(elf.loadSegments.map((segment) => [segment.index, segment.vaddr, segment.flags])).toEqual([
      [0, 0x400000, PF_R],
      [1, 0x401000, PF_R | PF_X],
      [2, 0x402000, PF_R | PF_W],
    ]);
    expect(elf.programHeaders[2]).toEqual({
      index: 2, type: PT_LOAD, flags: PF_R | PF_W, offset: 0x2000, vaddr: 0x402000, filesz: 0x20, memsz: 0x100, align: 0x1000,
    });
    expect(elf.isStaticPie).toBe(false);
    expect(elf.interpreter).toBeUndefined();
    expect(elf.tls).toMatchObject({ vaddr: 0x402000, filesz: 0x10, memsz: 0x18 });
    expect(elf.gnuStack).toMatchObject({ type: PT_GNU_STACK, flags: PF_R | PF_W });
    expect(elf.programHeadersAddress).toBe(0x400040);
    expect(elf.warnings).toEqual([]);
    expect(elf.sections.map((section) => section.name)).toEqual(['', '.text', '.symtab', '.strtab', '.shstrtab']);
    expect(elf.sections[1]).toMatchObject({ addr: TEXT_ADDRESS, offset: 0x1000, size: 0x80 });
    expect(elf.symbols.map((symbol) => symbol.name)).toEqual(['crt.c', '_start', 'main', 'helper']);
    expect(elf.symbols[2]).toEqual({
      index: 3, name: 'main', value: TEXT_ADDRESS + 0x10, size: 0x20, type: STT_FUNC, binding: STB_GLOBAL,
      visibility: 0, sectionIndex: 1,
    });
    expect(elf.symbols[0]).toMatchObject({ binding: STB_LOCAL, sectionIndex: SHN_ABS });
  });

  it('a static PIE (ET_DYN without PT_INTERP), whose addresses are offsets from the load base', () => {
    const elf = parseElf(image(undefined, staticPieSpec), 'pie');
    expect(elf.isStaticPie).toBe(true);
    expect(elf.interpreter).toBeUndefined();
    expect(elf.header.entry).toBe(0x1000);
    expect(elf.programHeadersAddress).toBe(0x40);
  });

  it('a dynamically linked PIE, reporting its interpreter', () => {
    const spec = {
      ...staticPieSpec,
      segments: [...staticPieSpec.segments, { type: PT_INTERP, content: cString('/lib/ld-musl-x86_64.so.1') }],
    };
    const elf = parseElf(image(undefined, spec), 'dyn');
    expect(elf.interpreter).toBe('/lib/ld-musl-x86_64.so.1');
    expect(elf.isStaticPie).toBe(false);
  });

  it('a dynamically linked ET_EXEC', () => {
    const base = staticExecutableSpec();
    const spec = { ...base, segments: [...base.segments, { type: PT_INTERP, content: cString('/lib64/ld-linux-x86-64.so.2') }] };
    const elf = parseElf(image(undefined, spec), 'dyn');
    expect(elf.interpreter).toBe('/lib64/ld-linux-x86-64.so.2');
    expect(elf.isStaticPie).toBe(false);
  });

  it('the program header address from PT_PHDR over the PT_LOAD that holds the table', () => {
    const base = staticExecutableSpec();
    const spec = { ...base, segments: [...base.segments, { type: PT_PHDR, vaddr: 0x500040, place: 'phdrs' as const }] };
    expect(parseElf(image(undefined, spec), 'x').programHeadersAddress).toBe(0x500040);
  });

  it('no program header address when no PT_LOAD holds the whole table', () => {
    const uncovered = image((built) => patch(built.bytes, phdrField(built, 0, 'filesz'), 8, 0x60));
    expect(parseElf(uncovered, 'x').programHeadersAddress).toBeUndefined();
  });

  it('an image without section headers, with no symbols and no warnings', () => {
    const elf = parseElf(image(undefined, { ...staticExecutableSpec(), sectionTable: false }), 'x');
    expect(elf.sections).toEqual([]);
    expect(elf.symbols).toEqual([]);
    expect(elf.warnings).toEqual([]);
  });

  it('.dynsym when there is no .symtab, and .symtab when there are both', () => {
    const { symbols: _, ...base } = staticExecutableSpec();
    const dynamicSymbols = [{ name: 'exported', value: TEXT_ADDRESS + 0x40, size: 4, type: STT_OBJECT }];
    expect(parseElf(image(undefined, { ...base, dynamicSymbols }), 'x').symbols.map((s) => s.name)).toEqual(['exported']);
    const both = parseElf(image(undefined, { ...staticExecutableSpec(), dynamicSymbols }), 'x');
    expect(both.symbols.map((s) => s.name)).toEqual(['crt.c', '_start', 'main', 'helper']);
  });

  it('any machine, leaving the policy to the caller', () => {
    expect(parseElf(image(undefined, { ...staticExecutableSpec(), machine: EM_AARCH64 }), 'x').header.machine).toBe(EM_AARCH64);
  });

  it('p_align 0 and 1, which mean no alignment', () => {
    const elf = parseElf(
      image((built) => {
        patch(built.bytes, phdrField(built, 3, 'align'), 8, 0);
        patch(built.bytes, phdrField(built, 4, 'align'), 8, 1);
      }),
      'x',
    );
    expect([elf.programHeaders[3]?.align, elf.programHeaders[4]?.align]).toEqual([0, 1]);
  });

  it('an empty PT_LOAD anywhere, since it maps nothing', () => {
    const elf = parseElf(
      image((built) => {
        patch(built.bytes, phdrField(built, 0, 'filesz'), 8, 0);
        patch(built.bytes, phdrField(built, 0, 'memsz'), 8, 0);
        patch(built.bytes, phdrField(built, 0, 'vaddr'), 8, TEXT_ADDRESS);
        patch(built.bytes, phdrField(built, 0, 'offset'), 8, 0x1000);
      }),
      'x',
    );
    expect(elf.loadSegments).toHaveLength(3);
  });

  it('extended section numbering (count and name table index in section 0)', () => {
    const bytes = image((built) => {
      patch(built.bytes, EHDR.shnum, 2, 0);
      patch(built.bytes, EHDR.shstrndx, 2, 0xffff);
      patch(built.bytes, built.shoff + SHDR.size, 8, 5);
      patch(built.bytes, built.shoff + SHDR.link, 4, 4);
    });
    const elf = parseElf(bytes, 'x');
    expect(elf.warnings).toEqual([]);
    expect(elf.sections.map((section) => section.name)).toEqual(['', '.text', '.symtab', '.strtab', '.shstrtab']);
    expect(elf.symbols).toHaveLength(4);
  });
});

describe('parseElf rejects', () => {
  it('an empty file', () => {
    expect(rejection(new Uint8Array(0), 'truncated')).toBe('file is empty');
  });

  it('a file shorter than the ELF header', () => {
    expect(rejection(Uint8Array.from([0x7f, 0x45, 0x4c]), 'truncated')).toBe(
      'file is 3 bytes, too short for an ELF64 header (64 bytes)',
    );
    rejection(image().slice(0, 63), 'truncated');
  });

  it('a file that is not ELF', () => {
    expect(rejection(new TextEncoder().encode('#!/bin/sh\necho hi\n'), 'bad-magic')).toBe(
      'not an ELF file: starts with 23 21 2f 62, expected 7f 45 4c 46 ("\\x7fELF")',
    );
    rejection(Uint8Array.from([0x4d]), 'bad-magic');
  });

  it('ELF32 and invalid classes, even in a file too short for an ELF64 header', () => {
    expect(rejection(image((built) => patch(built.bytes, EHDR.class, 1, 1)).slice(0, 52), 'bad-class')).toBe(
      'ELF32 (class 1) is not supported: only ELF64',
    );
    rejection(image((built) => patch(built.bytes, EHDR.class, 1, 0)), 'bad-class');
  });

  it('big-endian and invalid data encodings', () => {
    expect(rejection(image((built) => patch(built.bytes, EHDR.data, 1, 2)), 'bad-endian')).toBe(
      'big-endian ELF (data encoding 2) is not supported: only little-endian',
    );
    rejection(image((built) => patch(built.bytes, EHDR.data, 1, 0)), 'bad-endian');
  });

  it('a wrong version in e_ident or e_version', () => {
    rejection(image((built) => patch(built.bytes, EHDR.identVersion, 1, 0)), 'bad-version');
    expect(rejection(image((built) => patch(built.bytes, EHDR.version, 4, 2)), 'bad-version')).toBe(
      'unsupported ELF version 2 in e_version: only version 1 exists',
    );
  });

  it.each([
    [ET_REL, 'relocatable object file (ET_REL) is not an executable: link it first'],
    [ET_CORE, 'core dump (ET_CORE) is not an executable'],
    [0xfe00, 'unknown ELF type 0xfe00: only executables (ET_EXEC) and position-independent executables (ET_DYN) can run'],
  ])('ELF type %i', (type, message) => {
    expect(rejection(image((built) => patch(built.bytes, EHDR.type, 2, type)), 'bad-type')).toBe(message);
  });

  it('a program header entry size other than 56', () => {
    expect(rejection(image((built) => patch(built.bytes, EHDR.phentsize, 2, 32)), 'bad-phentsize')).toBe(
      'program header entries are 32 bytes (e_phentsize), expected 56',
    );
  });

  it('no program headers, or no PT_LOAD among them', () => {
    rejection(image((built) => patch(built.bytes, EHDR.phnum, 2, 0)), 'no-load-segments');
    const noLoads = image((built) => {
      for (const index of [0, 1, 2]) patch(built.bytes, phdrField(built, index, 'type'), 4, PT_NOTE);
    });
    expect(rejection(noLoads, 'no-load-segments')).toBe('no PT_LOAD program headers, so nothing to load');
  });

  it('PN_XNUM program headers', () => {
    rejection(image((built) => patch(built.bytes, EHDR.phnum, 2, 0xffff)), 'absurd-size');
  });

  it('a program header table past the end of the file', () => {
    const bytes = image();
    expect(rejection(bytes.slice(0, 64 + 56 * 2), 'truncated')).toBe(
      'program header table (5 entries, 0x118 bytes at file offset 0x40) extends past the end of the file (0xb0 bytes)',
    );
    rejection(image((built) => patch(built.bytes, EHDR.phoff, 8, -1n)), 'truncated');
    rejection(image((built) => patch(built.bytes, EHDR.phnum, 2, 0xfff0)), 'truncated');
  });

  it('a segment whose file bytes lie past the end of the file', () => {
    let size = 0;
    const bytes = image((built) => {
      size = built.bytes.length;
      patch(built.bytes, phdrField(built, 2, 'offset'), 8, 0x5000);
      patch(built.bytes, phdrField(built, 2, 'filesz'), 8, 0x800);
    });
    expect(rejection(bytes, 'segment-out-of-file')).toBe(
      `program header 2 (PT_LOAD) has file offset 0x5000 + size 0x800 past the end of the file (0x${size.toString(16)} bytes)`,
    );
    rejection(image((built) => patch(built.bytes, phdrField(built, 1, 'filesz'), 8, -1n)), 'segment-out-of-file');
    rejection(image((built) => patch(built.bytes, phdrField(built, 4, 'offset'), 8, -1n)), 'segment-out-of-file');
  });

  it('a PT_LOAD or PT_TLS with filesz > memsz', () => {
    expect(rejection(image((built) => patch(built.bytes, phdrField(built, 2, 'memsz'), 8, 0x10)), 'filesz-exceeds-memsz')).toBe(
      'program header 2 (PT_LOAD) has file size 0x20 larger than its memory size 0x10',
    );
    rejection(image((built) => patch(built.bytes, phdrField(built, 3, 'memsz'), 8, 0x8)), 'filesz-exceeds-memsz');
  });

  it('a memory size beyond the user address space', () => {
    expect(rejection(image((built) => patch(built.bytes, phdrField(built, 2, 'memsz'), 8, 2n ** 48n)), 'absurd-size')).toBe(
      'program header 2 (PT_LOAD) has memory size 0x1000000000000, larger than the 47-bit user address space (0x800000000000)',
    );
    rejection(image((built) => patch(built.bytes, phdrField(built, 4, 'memsz'), 8, -1n)), 'absurd-size');
  });

  it('PT_LOAD segments that add up to more than 64 GiB', () => {
    const bytes = image((built) => {
      patch(built.bytes, phdrField(built, 2, 'vaddr'), 8, 0x1000_0000_0000);
      patch(built.bytes, phdrField(built, 2, 'memsz'), 8, 0x10_0000_0000);
    });
    expect(rejection(bytes, 'absurd-size')).toBe(
      'PT_LOAD segments add up to 0x10000001d8 bytes of memory, more than the 0x1000000000 (64 GiB) limit',
    );
  });

  it('a segment reaching beyond the user address space', () => {
    const bytes = image((built) => {
      patch(built.bytes, phdrField(built, 2, 'vaddr'), 8, 0x7fff_ffff_f000);
      patch(built.bytes, phdrField(built, 2, 'memsz'), 8, 0x2000);
    });
    expect(rejection(bytes, 'bad-address')).toBe(
      'program header 2 (PT_LOAD) occupies [0x7ffffffff000, 0x800000001000), beyond the 47-bit user address space (0x800000000000)',
    );
    rejection(image((built) => patch(built.bytes, phdrField(built, 2, 'vaddr'), 8, -0x1000n)), 'bad-address');
    rejection(image((built) => patch(built.bytes, phdrField(built, 4, 'vaddr'), 8, 2n ** 60n)), 'bad-address');
  });

  it('a p_align that is not a power of two, or larger than the address space', () => {
    expect(rejection(image((built) => patch(built.bytes, phdrField(built, 1, 'align'), 8, 3)), 'bad-alignment')).toBe(
      'program header 1 (PT_LOAD) has alignment 0x3, which is not a power of two',
    );
    rejection(image((built) => patch(built.bytes, phdrField(built, 4, 'align'), 8, 0x3000)), 'bad-alignment');
    rejection(image((built) => patch(built.bytes, phdrField(built, 1, 'align'), 8, 2n ** 63n)), 'bad-alignment');
  });

  it('a PT_LOAD whose address and file offset differ modulo the page size', () => {
    const bytes = image((built) => patch(built.bytes, phdrField(built, 1, 'vaddr'), 8, TEXT_ADDRESS + 0x800));
    expect(rejection(bytes, 'bad-alignment')).toBe(
      'program header 1 (PT_LOAD) has address 0x401800 and file offset 0x1000, which differ modulo the page size (0x1000), so it cannot be mapped',
    );
  });

  it('PT_LOAD segments that overlap in memory', () => {
    const bytes = image((built) => patch(built.bytes, phdrField(built, 2, 'vaddr'), 8, TEXT_ADDRESS));
    expect(rejection(bytes, 'segment-overlap')).toBe(
      'program headers 1 and 2 (PT_LOAD) overlap in memory: [0x401000, 0x401080) and [0x401000, 0x401100)',
    );
    const swallowing = image((built) => patch(built.bytes, phdrField(built, 0, 'memsz'), 8, 0x10000));
    expect(rejection(swallowing, 'segment-overlap')).toMatch(/^program headers 0 and 1 /);
  });

  it('a zero entry point, or one beyond the user address space', () => {
    expect(rejection(image((built) => patch(built.bytes, EHDR.entry, 8, 0)), 'bad-entry')).toBe('entry point is 0');
    rejection(image((built) => patch(built.bytes, EHDR.entry, 8, 2n ** 47n)), 'bad-entry');
    rejection(image((built) => patch(built.bytes, EHDR.entry, 8, -1n)), 'bad-entry');
  });

  it('an entry point outside every PT_LOAD', () => {
    expect(rejection(image((built) => patch(built.bytes, EHDR.entry, 8, 0x500000)), 'bad-entry')).toBe(
      'entry point 0x500000 is not inside any PT_LOAD segment',
    );
    rejection(image((built) => patch(built.bytes, EHDR.entry, 8, 0x5000)), 'bad-entry');
    rejection(image(undefined, { ...staticPieSpec, entry: 0x3000 }), 'bad-entry');
  });

  it('an entry point in a non-executable PT_LOAD', () => {
    expect(rejection(image((built) => patch(built.bytes, EHDR.entry, 8, 0x402000)), 'entry-not-executable')).toBe(
      'entry point 0x402000 is in program header 2 (PT_LOAD, flags rw-), which is not executable',
    );
    rejection(image(undefined, { ...staticPieSpec, entry: 0x10 }), 'entry-not-executable');
  });

  it('a PT_INTERP path that is not NUL-terminated or has an impossible size', () => {
    const withInterp = (content: Uint8Array): Uint8Array =>
      image(undefined, { ...staticPieSpec, segments: [...staticPieSpec.segments, { type: PT_INTERP, content }] });
    expect(rejection(withInterp(new TextEncoder().encode('/lib/ld.so')), 'bad-interp')).toBe(
      'program header 3 (PT_INTERP) does not end with a NUL byte',
    );
    rejection(withInterp(Uint8Array.of(0)), 'bad-interp');
    rejection(withInterp(cString('/'.repeat(5000))), 'bad-interp');
  });
});

describe('parseElf keeps going with a warning when optional data is damaged', () => {
  it('a section header table past the end of the file', () => {
    let size = 0;
    const bytes = image((built) => {
      size = built.bytes.length;
      patch(built.bytes, EHDR.shoff, 8, built.bytes.length - 64);
    });
    const elf = parseElf(bytes, 'x');
    expect(elf.sections).toEqual([]);
    expect(elf.symbols).toEqual([]);
    expect(warningsOf(bytes)).toEqual([
      {
        code: 'bad-section-table',
        message: `section header table at file offset 0x${(size - 64).toString(16)} (5 x 64 bytes) extends past the end of the file (0x${size.toString(16)} bytes)`,
      },
    ]);
    for (const shoff of [-1n, 2n ** 53n, 2n ** 40n]) {
      expect(warningsOf(image((built) => patch(built.bytes, EHDR.shoff, 8, shoff)))).toEqual([
        { code: 'bad-section-table', message: expect.any(String) },
      ]);
    }
    expect(warningsOf(image((built) => patch(built.bytes, EHDR.shnum, 2, 0xff00)))[0]?.code).toBe('bad-section-table');
  });

  it('a section entry size other than 64', () => {
    expect(warningsOf(image((built) => patch(built.bytes, EHDR.shentsize, 2, 40)))).toEqual([
      { code: 'bad-section-table', message: 'section header entries are 40 bytes (e_shentsize), expected 64' },
    ]);
  });

  it('a section field beyond 2^53', () => {
    const bytes = image((built) => patch(built.bytes, built.shoff + 64 + SHDR.size, 8, 2n ** 60n));
    expect(warningsOf(bytes)).toEqual([
      { code: 'bad-section-table', message: 'section 1 has sh_size 0x1000000000000000, beyond 2^53' },
    ]);
  });

  it('a broken section name table: sections stay, unnamed, and symbols are still found', () => {
    const outOfRange = image((built) => patch(built.bytes, EHDR.shstrndx, 2, 99));
    expect(warningsOf(outOfRange)).toEqual([
      { code: 'bad-string-table', message: 'section name table index 99 is out of range (5 sections)' },
    ]);
    const elf = parseElf(outOfRange, 'x');
    expect(elf.sections.map((section) => section.name)).toEqual(['', '', '', '', '']);
    expect(elf.symbols).toHaveLength(4);

    const notStrtab = image((built) => patch(built.bytes, EHDR.shstrndx, 2, 2));
    expect(warningsOf(notStrtab)).toEqual([
      { code: 'bad-string-table', message: 'section name table (section 2) has type 2, not SHT_STRTAB' },
    ]);
    const unterminated = image((built) => {
      patch(built.bytes, sectionOffset(built, '.shstrtab') + 0x20, 1, 0x41);
    });
    expect(warningsOf(unterminated)).toEqual([
      { code: 'bad-string-table', message: 'section name table (section 4) does not end with a NUL byte' },
    ]);
    const badName = image((built) => patch(built.bytes, built.shoff + 64 + SHDR.name, 4, 0x1000));
    expect(warningsOf(badName)).toEqual([
      { code: 'bad-string-table', message: 'section name table (section 4): name offset 0x1000 is past the end of the table (0x21 bytes)' },
    ]);
  });

  it.each<[string, (built: ElfImage) => void, string]>([
    [
      'a wrong entry size',
      (built) => patch(built.bytes, shdrField(built,
      '.symtab', 'entsize'), 8, 16), 'symbol table ".symtab" (section 2) has entry size 16, expected 24',
    ],
    [
      'a size that is not a whole number of entries',
      (built) => patch(built.bytes, shdrField(built,
      '.symtab', 'size'), 8, 100), 'symbol table ".symtab" (section 2) has size 0x64, not a multiple of the entry size (24)',
    ],
    [
      'bytes past the end of the file',
      (built) => patch(built.bytes, shdrField(built,
      '.symtab', 'offset'), 8, 2n ** 40n), `symbol table ".symtab" (section 2) at file offset 0x10000000000 + size 0x78 lies past the end of the file`,
    ],
    [
      'a link to a missing string table',
      (built) => patch(built.bytes, shdrField(built,
      '.symtab', 'link'), 4, 77), 'symbol table ".symtab" (section 2) links to string table section 77, which does not exist (5 sections)',
    ],
    [
      'an unterminated string table',
      (built) => patch(built.bytes, sectionOffset(built,
      '.strtab') + 0x19, 1, 0x41), 'string table ".strtab" (section 3) of symbol table ".symtab" (section 2) does not end with a NUL byte',
    ],
    [
      'a name offset past its string table',
      (built) => patch(built.bytes, sectionOffset(built,
      '.symtab') + 24, 4, 0x400), 'string table ".strtab" (section 3) of symbol table ".symtab" (section 2): name offset 0x400 is past the end of the table (0x1a bytes)',
    ],
  ])('a symbol table with %s: no symbols', (_, mutate, message) => {
    const bytes = image(mutate);
    expect(parseElf(bytes, 'x').symbols).toEqual([]);
    const warnings = warningsOf(bytes);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.code).toBe('bad-symtab');
    expect(warnings[0]?.message).toContain(message);
  });

  it('a broken .symtab falls back to .dynsym', () => {
    const spec = { ...staticExecutableSpec(), dynamicSymbols: [{ name: 'exported', value: TEXT_ADDRESS, size: 4 }] };
    const bytes = image((built) => patch(built.bytes, shdrField(built, '.symtab', 'entsize'), 8, 0), spec);
    const elf = parseElf(bytes, 'x');
    expect(elf.symbols.map((symbol) => symbol.name)).toEqual(['exported']);
    expect(elf.warnings.map((warning) => warning.code)).toEqual(['bad-symtab']);
  });

  it('only the first .symtab is tried, so one table listed many times is not read many times', () => {
    const bytes = image((built) => {
      patch(built.bytes, built.shoff + 64 + SHDR.type, 4, SHT_SYMTAB);
      patch(built.bytes, built.shoff + 64 + SHDR.entsize, 8, 0);
    });
    const elf = parseElf(bytes, 'x');
    expect(elf.symbols).toEqual([]);
    expect(elf.warnings).toEqual([
      { code: 'bad-symtab', message: 'symbol table ".text" (section 1) has entry size 0, expected 24' },
    ]);
  });

  it('symbols whose value does not fit a number are skipped', () => {
    const base = staticExecutableSpec();
    const spec = { ...base, symbols: [...(base.symbols ?? []), { name: 'far', value: 2n ** 63n, sectionIndex: SHN_ABS }] };
    const elf = parseElf(image(undefined, spec), 'x');
    expect(elf.symbols.map((symbol) => symbol.name)).toEqual(['crt.c', '_start', 'main', 'helper']);
    expect(elf.warnings).toEqual([
      { code: 'bad-symtab', message: 'symbol table ".symtab" (section 2): skipped 1 symbol(s) whose value or size is beyond 2^53' },
    ]);
  });

  it('names pointing into each other far more than linkers do, instead of decoding quadratically', () => {
    const long = 'x'.repeat(3000);
    const spec = {
      ...staticExecutableSpec(),
      symbols: [{ name: long, value: TEXT_ADDRESS }, ...Array.from({ length: 3000 }, () => ({ name: '', value: TEXT_ADDRESS }))],
    };
    const bytes = image((built) => {
      const table = sectionOffset(built, '.symtab');
      for (let i = 2; i <= 3001; i++) patch(built.bytes, table + i * 24, 4, i - 1);
    }, spec);
    const elf = parseElf(bytes, 'x');
    expect(elf.symbols).toEqual([]);
    expect(elf.warnings).toEqual([
      {
        code: 'bad-symtab',
        message: 'string table ".strtab" (section 3) of symbol table ".symtab" (section 2): names overlap far more than any linker produces',
      },
    ]);
  });
});
