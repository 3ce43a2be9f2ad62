// Numbers from the System V gABI and the Linux/GNU extensions that the parser and its callers act on.

export const ELF_MAGIC: readonly number[] = [0x7f, 0x45, 0x4c, 0x46];

export const EI_CLASS = 4;
export const EI_DATA = 5;
export const EI_VERSION = 6;
export const EI_OSABI = 7;
export const EI_ABIVERSION = 8;

export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;
export const EV_CURRENT = 1;

export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const ET_CORE = 4;

export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;

export const PT_NULL = 0;
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_NOTE = 4;
export const PT_PHDR = 6;
export const PT_TLS = 7;
export const PT_GNU_EH_FRAME = 0x6474e550;
export const PT_GNU_STACK = 0x6474e551;
export const PT_GNU_RELRO = 0x6474e552;
export const PT_GNU_PROPERTY = 0x6474e553;

export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

/** e_phnum value announcing that the real count lives in section 0; Linux refuses such executables. */
export const PN_XNUM = 0xffff;

export const SHN_UNDEF = 0;
export const SHN_ABS = 0xfff1;
export const SHN_XINDEX = 0xffff;

export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_NOBITS = 8;
export const SHT_DYNSYM = 11;

export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;

export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;
export const STT_TLS = 6;
export const STT_GNU_IFUNC = 10;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;

export const ELF64_HEADER_SIZE = 64;
export const ELF64_PHDR_SIZE = 56;
export const ELF64_SHDR_SIZE = 64;
export const ELF64_SYM_SIZE = 24;

/** End of the x86-64 and arm64 (48-bit VA) user address space: no valid user address reaches it. */
export const USER_ADDRESS_LIMIT = 0x8000_0000_0000;

/** Linux checks PT_LOAD offset/address congruence modulo the page size; 4 KiB divides every page size we run with. */
export const ELF_PAGE_SIZE = 0x1000;

/** Far beyond any real program, small enough that a hostile header cannot make the loader reserve the address space. */
export const MAX_TOTAL_LOAD_SIZE = 64 * 1024 * 1024 * 1024;

/** Linux's PATH_MAX, the kernel's bound on a PT_INTERP path. */
export const MAX_INTERPRETER_SIZE = 4096;
