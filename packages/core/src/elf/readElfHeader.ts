import { type ElfHeader } from './ElfFile.js';
import { ElfFormatError } from './ElfFormatError.js';
import { type ElfReader } from './ElfReader.js';
import {
  EI_ABIVERSION,
  EI_CLASS,
  EI_DATA,
  EI_OSABI,
  EI_VERSION,
  ELF64_HEADER_SIZE,
  ELF64_PHDR_SIZE,
  ELF_MAGIC,
  ELFCLASS32,
  ELFCLASS64,
  ELFDATA2LSB,
  ELFDATA2MSB,
  ET_CORE,
  ET_DYN,
  ET_EXEC,
  ET_REL,
  EV_CURRENT,
  PN_XNUM,
  USER_ADDRESS_LIMIT,
} from './elfConstants.js';
import { hex } from './hex.js';

/**
 * Reads and checks the ELF header, including that the program header table it points at lies in the
 * file, so that later readers can index the table without further checks.
 */
export function readElfHeader(reader: ElfReader): ElfHeader {
  checkIdent(reader.bytes);
  if (reader.size < ELF64_HEADER_SIZE) {
    throw new ElfFormatError(
      'truncated',
      `file is ${reader.size} bytes, too short for an ELF64 header (${ELF64_HEADER_SIZE} bytes)`,
    );
  }

  const type = reader.u16(16);
  checkType(type);
  const version = reader.u32(20);
  if (version !== EV_CURRENT) {
    throw new ElfFormatError('bad-version', `unsupported ELF version ${version} in e_version: only version 1 exists`);
  }

  const entry = reader.u64(24);
  if (entry === 0n) throw new ElfFormatError('bad-entry', 'entry point is 0');
  if (entry >= BigInt(USER_ADDRESS_LIMIT)) {
    throw new ElfFormatError(
      'bad-entry',
      `entry point ${hex(entry)} is beyond the 47-bit user address space (${hex(USER_ADDRESS_LIMIT)})`,
    );
  }

  const phentsize = reader.u16(54);
  const phnum = reader.u16(56);
  if (phnum === 0) throw new ElfFormatError('no-load-segments', 'file has no program headers, so nothing to load');
  if (phnum === PN_XNUM) {
    throw new ElfFormatError(
      'absurd-size',
      `e_phnum is PN_XNUM (${hex(PN_XNUM)}): more than 65535 program headers is not supported`,
    );
  }
  if (phentsize !== ELF64_PHDR_SIZE) {
    throw new ElfFormatError(
      'bad-phentsize',
      `program header entries are ${phentsize} bytes (e_phentsize), expected ${ELF64_PHDR_SIZE}`,
    );
  }
  const phoff = reader.u64(32);
  const tableSize = BigInt(phnum * ELF64_PHDR_SIZE);
  if (phoff + tableSize > BigInt(reader.size)) {
    throw new ElfFormatError(
      'truncated',
      `program header table (${phnum} entries, ${hex(tableSize)} bytes at file offset ${hex(phoff)}) ` +
        `extends past the end of the file (${hex(reader.size)} bytes)`,
    );
  }

  return {
    type,
    machine: reader.u16(18),
    osAbi: reader.u8(EI_OSABI),
    abiVersion: reader.u8(EI_ABIVERSION),
    flags: reader.u32(48),
    entry: Number(entry),
    phoff: Number(phoff),
    phnum,
    shoff: Number(reader.u64(40)),
    shentsize: reader.u16(58),
    shnum: reader.u16(60),
    shstrndx: reader.u16(62),
  };
}

/** Checks e_ident as far as the file reaches, so that short non-ELF or ELF32 files get the telling message. */
function checkIdent(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new ElfFormatError('truncated', 'file is empty');
  const magic = bytes.subarray(0, ELF_MAGIC.length);
  if (magic.some((byte, i) => byte !== ELF_MAGIC[i])) {
    throw new ElfFormatError(
      'bad-magic',
      `not an ELF file: starts with ${byteList(magic)}, expected ${byteList(ELF_MAGIC)} ("\\x7fELF")`,
    );
  }

  const elfClass = bytes[EI_CLASS];
  if (elfClass === ELFCLASS32) {
    throw new ElfFormatError('bad-class', `ELF32 (class ${ELFCLASS32}) is not supported: only ELF64`);
  }
  if (elfClass !== undefined && elfClass !== ELFCLASS64) {
    throw new ElfFormatError(
      'bad-class',
      `invalid ELF class ${elfClass}: only ELF64 (class ${ELFCLASS64}) is supported`,
    );
  }

  const data = bytes[EI_DATA];
  if (data === ELFDATA2MSB) {
    throw new ElfFormatError(
      'bad-endian',
      `big-endian ELF (data encoding ${ELFDATA2MSB}) is not supported: only little-endian`,
    );
  }
  if (data !== undefined && data !== ELFDATA2LSB) {
    throw new ElfFormatError(
      'bad-endian',
      `invalid ELF data encoding ${data}: only little-endian (${ELFDATA2LSB}) is supported`,
    );
  }

  const version = bytes[EI_VERSION];
  if (version !== undefined && version !== EV_CURRENT) {
    throw new ElfFormatError(
      'bad-version',
      `unsupported ELF version ${version} in e_ident: only version ${EV_CURRENT} exists`,
    );
  }
}

function checkType(type: number): void {
  if (type === ET_EXEC || type === ET_DYN) return;
  if (type === ET_REL) {
    throw new ElfFormatError('bad-type', 'relocatable object file (ET_REL) is not an executable: link it first');
  }
  if (type === ET_CORE) throw new ElfFormatError('bad-type', 'core dump (ET_CORE) is not an executable');
  throw new ElfFormatError(
    'bad-type',
    `unknown ELF type ${hex(type)}: only executables (ET_EXEC) and position-independent executables (ET_DYN) can run`,
  );
}

function byteList(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}
