import { type ElfErrorCode } from './ElfFormatError.js';

// Every address, offset and size is a plain number: parseElf rejects (or, for optional data, drops)
// values that are not exact integers, and every valid user address is below 2^47.

export interface ElfHeader {
  /** ET_EXEC or ET_DYN. */
  readonly type: number;
  /** EM_* number, reported rather than checked: which machines to run is the caller's policy. */
  readonly machine: number;
  readonly osAbi: number;
  readonly abiVersion: number;
  readonly flags: number;
  /** Link-time entry address; for ET_DYN the load bias is added at run time. */
  readonly entry: number;
  readonly phoff: number;
  readonly phnum: number;
  /** Informational: exact below 2^53, and anything larger makes the section table unusable (see warnings). */
  readonly shoff: number;
  readonly shentsize: number;
  /** Raw e_shnum and e_shstrndx; `sections` already resolves the extended numbering they can defer to. */
  readonly shnum: number;
  readonly shstrndx: number;
}

export interface ProgramHeader {
  /** Position in the program header table, for messages. */
  readonly index: number;
  /** PT_* number. */
  readonly type: number;
  /** PF_R | PF_W | PF_X bits. */
  readonly flags: number;
  readonly offset: number;
  readonly vaddr: number;
  readonly filesz: number;
  readonly memsz: number;
  readonly align: number;
}

export interface SectionHeader {
  readonly index: number;
  /** Empty when the section name table is missing or unusable. */
  readonly name: string;
  /** SHT_* number. */
  readonly type: number;
  readonly flags: number;
  readonly addr: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
  readonly addralign: number;
  readonly entsize: number;
}

export interface ElfSymbol {
  /** Position in its symbol table. */
  readonly index: number;
  readonly name: string;
  readonly value: number;
  readonly size: number;
  /** STT_* number. */
  readonly type: number;
  /** STB_* number. */
  readonly binding: number;
  /** STV_* number (low bits of st_other). */
  readonly visibility: number;
  /** st_shndx: SHN_UNDEF for undefined symbols, SHN_ABS and friends kept as is. */
  readonly sectionIndex: number;
}

/** A defect in optional data (sections, symbols) that did not stop the program from being loadable. */
export interface ElfWarning {
  readonly code: ElfErrorCode;
  readonly message: string;
}

export interface ElfFile {
  readonly displayName: string;
  readonly header: ElfHeader;
  readonly programHeaders: readonly ProgramHeader[];
  /** The PT_LOAD entries in table order; non-empty, and their memory ranges do not overlap. */
  readonly loadSegments: readonly ProgramHeader[];
  /** Empty when the file has no usable section table. */
  readonly sections: readonly SectionHeader[];
  /** From .symtab, else .dynsym; the null symbol 0 is left out. */
  readonly symbols: readonly ElfSymbol[];
  /** ET_DYN without PT_INTERP: relocates itself, so it can run without a dynamic linker. */
  readonly isStaticPie: boolean;
  /** The PT_INTERP path, present for dynamically linked programs. */
  readonly interpreter: string | undefined;
  readonly tls: ProgramHeader | undefined;
  /** Its flags say whether the program asks for an executable stack. */
  readonly gnuStack: ProgramHeader | undefined;
  /**
   * Link-time address of the program header table in memory (AT_PHDR before the load bias), from
   * PT_PHDR, else from the PT_LOAD whose file range holds the whole table; undefined if neither exists.
   */
  readonly programHeadersAddress: number | undefined;
  readonly warnings: readonly ElfWarning[];
}
