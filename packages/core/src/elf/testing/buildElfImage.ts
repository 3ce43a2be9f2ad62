// Builds small ELF64 little-endian images for the parser's tests; not part of the runtime API.

import {
  ELF64_HEADER_SIZE,
  ELF64_PHDR_SIZE,
  ELF64_SHDR_SIZE,
  ELF64_SYM_SIZE,
  EM_X86_64,
  ET_EXEC,
  ELF_PAGE_SIZE,
  PF_R,
  PF_W,
  PF_X,
  PT_GNU_STACK,
  PT_LOAD,
  PT_TLS,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHN_ABS,
  SHT_DYNSYM,
  SHT_PROGBITS,
  SHT_STRTAB,
  SHT_SYMTAB,
  STB_GLOBAL,
  STB_LOCAL,
  STT_FILE,
  STT_FUNC,
} from '../elfConstants.js';

export interface SegmentSpec {
  readonly type: number;
  readonly flags?: number;
  /** Defaults to the vaddr of the `sameAs` segment, else 0. */
  readonly vaddr?: number;
  /**
   * Where the file bytes come from: 'append' (default) places `content` after what precedes it, at an
   * offset congruent to vaddr modulo the page size; 'headers' maps the ELF header and program header
   * table; 'phdrs' the program header table alone; a number shares that earlier segment's bytes.
   */
  readonly place?: 'append' | 'headers' | 'phdrs' | { readonly sameAs: number };
  readonly content?: Uint8Array;
  /** Defaults to the content length, or to the size of what 'headers' / 'phdrs' cover. */
  readonly filesz?: number;
  /** Defaults to filesz. */
  readonly memsz?: number;
  /** Defaults to the page size for PT_LOAD, 8 otherwise. */
  readonly align?: number;
}

export interface SectionSpec {
  readonly name: string;
  readonly type?: number;
  readonly flags?: number;
  readonly addr?: number;
  readonly offset?: number;
  readonly size?: number;
}

export interface SymbolSpec {
  readonly name: string;
  readonly value: number | bigint;
  readonly size?: number;
  readonly type?: number;
  readonly binding?: number;
  /** Defaults to 1, the first section of `sections`. */
  readonly sectionIndex?: number;
}

export interface ElfImageSpec {
  readonly type?: number;
  readonly machine?: number;
  readonly entry?: number | bigint;
  readonly segments: readonly SegmentSpec[];
  /** Emitted after the null section and before the symbol and string tables. */
  readonly sections?: readonly SectionSpec[];
  /** Emitted as .symtab + .strtab. */
  readonly symbols?: readonly SymbolSpec[];
  /** Emitted as .dynsym + .dynstr. */
  readonly dynamicSymbols?: readonly SymbolSpec[];
  /** Without it (default true) there are no section headers at all and e_shoff is 0. */
  readonly sectionTable?: boolean;
}

export interface ElfImage {
  readonly bytes: Uint8Array;
  readonly phoff: number;
  /** 0 when there is no section table. */
  readonly shoff: number;
  /** Section indexes by name, including the generated .symtab, .strtab, .dynsym, .dynstr and .shstrtab. */
  readonly sectionIndex: ReadonlyMap<string, number>;
}

/** Field offsets inside the ELF header, program header and section header entries, for patching. */
export const EHDR = {
  class: 4, data: 5, identVersion: 6, type: 16, machine: 18, version: 20, entry: 24, phoff: 32, shoff: 40,
  phentsize: 54, phnum: 56, shentsize: 58, shnum: 60, shstrndx: 62,
} as const;
export const PHDR = { type: 0, flags: 4, offset: 8, vaddr: 16, filesz: 32, memsz: 40, align: 48 } as const;
export const SHDR = { name: 0, type: 4, flags: 8, addr: 16, offset: 24, size: 32, link: 40, entsize: 56 } as const;

export const TEXT_ADDRESS = 0x401000;

/**
 * A small static x86-64 executable shaped like a linker's output: a read-only PT_LOAD over the headers,
 * code, data with bss, TLS and GNU_STACK, plus .text and a .symtab with `_start` (size 0) and `main`.
 */
export function staticExecutableSpec(): ElfImageSpec {
  return {
    type: ET_EXEC,
    machine: EM_X86_64,
    entry: TEXT_ADDRESS,
    segments: [
      { type: PT_LOAD, flags: PF_R, vaddr: 0x400000, place: 'headers' },
      { type: PT_LOAD, flags: PF_R | PF_X, vaddr: TEXT_ADDRESS, content: new Uint8Array(0x80).fill(0x90) },
      { type: PT_LOAD, flags: PF_R | PF_W, vaddr: 0x402000, content: new Uint8Array(0x20), memsz: 0x100 },
      { type: PT_TLS, flags: PF_R, place: { sameAs: 2 }, filesz: 0x10, memsz: 0x18 },
      { type: PT_GNU_STACK, flags: PF_R | PF_W, align: 16 },
    ],
    sections: [{ name: '.text', addr: TEXT_ADDRESS, offset: 0x1000, size: 0x80 }],
    symbols: [
      { name: 'crt.c', value: 0, type: STT_FILE, binding: STB_LOCAL, sectionIndex: SHN_ABS },
      { name: '_start', value: TEXT_ADDRESS, size: 0 },
      { name: 'main', value: TEXT_ADDRESS + 0x10, size: 0x20 },
      { name: 'helper', value: TEXT_ADDRESS + 0x30, size: 0x10, binding: STB_LOCAL },
    ],
  };
}

export function buildElfImage(spec: ElfImageSpec): ElfImage {
  const out = new Writer();
  const phoff = ELF64_HEADER_SIZE;
  const headersEnd = phoff + spec.segments.length * ELF64_PHDR_SIZE;
  out.reserve(headersEnd);

  const placed: { offset: number; vaddr: number }[] = [];
  spec.segments.forEach((segment, index) => {
    const vaddr = segment.vaddr ?? sharedWith(segment, placed)?.vaddr ?? 0;
    const content = segment.content ?? new Uint8Array(0);
    let offset: number;
    let filesz: number;
    const place = segment.place ?? 'append';
    if (place === 'headers') [offset, filesz] = [0, headersEnd];
    else if (place === 'phdrs') [offset, filesz] = [phoff, headersEnd - phoff];
    else if (place === 'append') {
      offset = out.alignCongruent(vaddr % ELF_PAGE_SIZE, ELF_PAGE_SIZE);
      out.bytes(content);
      filesz = content.length;
    } else {
      offset = sharedWith(segment, placed)?.offset ?? 0;
      filesz = 0;
    }
    placed.push({ offset, vaddr });
    filesz = segment.filesz ?? filesz;
    const at = phoff + index * ELF64_PHDR_SIZE;
    out.u32(at + PHDR.type, segment.type);
    out.u32(at + PHDR.flags, segment.flags ?? PF_R);
    out.u64(at + PHDR.offset, offset);
    out.u64(at + PHDR.vaddr, vaddr);
    out.u64(at + 24, vaddr);
    out.u64(at + PHDR.filesz, filesz);
    out.u64(at + PHDR.memsz, segment.memsz ?? filesz);
    out.u64(at + PHDR.align, segment.align ?? (segment.type === PT_LOAD ? ELF_PAGE_SIZE : 8));
  });

  const shoff = spec.sectionTable === false ? 0 : writeSections(out, spec);

  const ident = [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0];
  ident.forEach((byte, i) => out.u8(i, byte));
  out.u16(EHDR.type, spec.type ?? ET_EXEC);
  out.u16(EHDR.machine, spec.machine ?? EM_X86_64);
  out.u32(EHDR.version, 1);
  out.u64(EHDR.entry, spec.entry ?? TEXT_ADDRESS);
  out.u64(EHDR.phoff, phoff);
  out.u16(52, ELF64_HEADER_SIZE);
  out.u16(EHDR.phentsize, ELF64_PHDR_SIZE);
  out.u16(EHDR.phnum, spec.segments.length);
  out.u16(EHDR.shentsize, ELF64_SHDR_SIZE);
  return { bytes: out.finish(), phoff, shoff, sectionIndex: out.sectionIndex };
}

function sharedWith(
  segment: SegmentSpec,
  placed: readonly { offset: number; vaddr: number }[],
): { offset: number; vaddr: number } | undefined {
  const place = segment.place;
  return typeof place === 'object' ? placed[place.sameAs] : undefined;
}

interface PendingSection {
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  entsize: number;
}

function writeSections(out: Writer, spec: ElfImageSpec): number {
  const sections: PendingSection[] = [
    { name: '', type: 0, flags: 0, addr: 0, offset: 0, size: 0, link: 0, entsize: 0 },
  ];
  for (const section of spec.sections ?? []) {
    sections.push({
      name: section.name,
      type: section.type ?? SHT_PROGBITS,
      flags: section.flags ?? SHF_ALLOC | SHF_EXECINSTR,
      addr: section.addr ?? 0,
      offset: section.offset ?? 0,
      size: section.size ?? 0,
      link: 0,
      entsize: 0,
    });
  }
  const tables: [string, string, number, readonly SymbolSpec[] | undefined][] = [
    ['.symtab', '.strtab', SHT_SYMTAB, spec.symbols],
    ['.dynsym', '.dynstr', SHT_DYNSYM, spec.dynamicSymbols],
  ];
  for (const [tableName, namesName, type, symbols] of tables) {
    if (symbols === undefined) continue;
    const names = new StringsBuilder();
    const entries = new Uint8Array((symbols.length + 1) * ELF64_SYM_SIZE);
    const view = new DataView(entries.buffer);
    symbols.forEach((symbol, i) => {
      const at = (i + 1) * ELF64_SYM_SIZE;
      view.setUint32(at, names.add(symbol.name), true);
      view.setUint8(at + 4, ((symbol.binding ?? STB_GLOBAL) << 4) | (symbol.type ?? STT_FUNC));
      view.setUint16(at + 6, symbol.sectionIndex ?? 1, true);
      view.setBigUint64(at + 8, BigInt(symbol.value), true);
      view.setBigUint64(at + 16, BigInt(symbol.size ?? 0), true);
    });
    const tableOffset = out.align(8);
    out.bytes(entries);
    const namesBytes = names.finish();
    const namesOffset = out.append(namesBytes);
    sections.push({
      name: tableName, type, flags: 0, addr: 0, offset: tableOffset, size: entries.length,
      link: sections.length + 1, entsize: ELF64_SYM_SIZE,
    });
    sections.push({
      name: namesName, type: SHT_STRTAB, flags: 0, addr: 0, offset: namesOffset, size: namesBytes.length,
      link: 0, entsize: 0,
    });
  }

  const sectionNames = new StringsBuilder();
  const nameOffsets = sections.map((section) => sectionNames.add(section.name));
  const shstrndx = sections.length;
  nameOffsets.push(sectionNames.add('.shstrtab'));
  const shstrtab = sectionNames.finish();
  sections.push({
    name: '.shstrtab', type: SHT_STRTAB, flags: 0, addr: 0, offset: out.append(shstrtab), size: shstrtab.length,
    link: 0, entsize: 0,
  });

  const shoff = out.align(8);
  out.reserve(shoff + sections.length * ELF64_SHDR_SIZE);
  sections.forEach((section, index) => {
    const at = shoff + index * ELF64_SHDR_SIZE;
    out.u32(at + SHDR.name, nameOffsets[index] ?? 0);
    out.u32(at + SHDR.type, section.type);
    out.u64(at + SHDR.flags, section.flags);
    out.u64(at + SHDR.addr, section.addr);
    out.u64(at + SHDR.offset, section.offset);
    out.u64(at + SHDR.size, section.size);
    out.u32(at + SHDR.link, section.link);
    out.u64(at + SHDR.entsize, section.entsize);
    if (index > 0) out.sectionIndex.set(section.name, index);
  });
  out.u64(EHDR.shoff, shoff);
  out.u16(EHDR.shnum, sections.length);
  out.u16(EHDR.shstrndx, shstrndx);
  return shoff;
}

class StringsBuilder {
  private readonly parts: number[] = [0];

  add(name: string): number {
    if (name === '') return 0;
    const offset = this.parts.length;
    this.parts.push(...new TextEncoder().encode(name), 0);
    return offset;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** A growable little-endian byte buffer. */
class Writer {
  readonly sectionIndex = new Map<string, number>();
  private buffer = new Uint8Array(0x1000);
  private length = 0;

  reserve(size: number): void {
    this.grow(size);
    this.length = Math.max(this.length, size);
  }

  align(alignment: number): number {
    this.reserve(Math.ceil(this.length / alignment) * alignment);
    return this.length;
  }

  /** Moves to the first offset at or after the end that is congruent to `residue` modulo `modulus`. */
  alignCongruent(residue: number, modulus: number): number {
    const candidate = Math.floor(this.length / modulus) * modulus + residue;
    this.reserve(candidate >= this.length ? candidate : candidate + modulus);
    return this.length;
  }

  append(data: Uint8Array): number {
    const offset = this.length;
    this.bytes(data);
    return offset;
  }

  bytes(data: Uint8Array): void {
    const offset = this.length;
    this.reserve(offset + data.length);
    this.buffer.set(data, offset);
  }

  u8(at: number, value: number): void {
    this.view().setUint8(at, value);
  }

  u16(at: number, value: number): void {
    this.view().setUint16(at, value, true);
  }

  u32(at: number, value: number): void {
    this.view().setUint32(at, value, true);
  }

  u64(at: number, value: number | bigint): void {
    this.view().setBigUint64(at, BigInt(value), true);
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private view(): DataView {
    return new DataView(this.buffer.buffer);
  }

  private grow(size: number): void {
    if (size <= this.buffer.length) return;
    const next = new Uint8Array(Math.max(size, this.buffer.length * 2));
    next.set(this.buffer);
    this.buffer = next;
  }
}

/** Little-endian write into a built image, for corrupting one field. */
export function patch(bytes: Uint8Array, at: number, width: 1 | 2 | 4 | 8, value: number | bigint): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (width === 1) view.setUint8(at, Number(value));
  else if (width === 2) view.setUint16(at, Number(value), true);
  else if (width === 4) view.setUint32(at, Number(value), true);
  else view.setBigUint64(at, BigInt.asUintN(64, BigInt(value)), true);
}

export function cString(text: string): Uint8Array {
  return Uint8Array.from([...new TextEncoder().encode(text), 0]);
}
