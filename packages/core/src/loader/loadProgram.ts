import { PF_R, PF_W, PF_X } from '../elf/elfConstants.js';
import { type ElfFile, type ProgramHeader } from '../elf/ElfFile.js';
import { ElfFormatError } from '../elf/ElfFormatError.js';
import { parseElf } from '../elf/parseElf.js';
import { SymbolIndex } from '../elf/SymbolIndex.js';
import { type ArchDescriptor } from '../isa/ArchDescriptor.js';
import { PAGE_SIZE, pageDown, pageUp } from '../memory/layout.js';
import { Protection } from '../memory/Protection.js';
import { type AddressSpace } from '../process/AddressSpace.js';
import { type MappedFile, VmaFlags } from '../process/Vma.js';
import { AuxvType } from './AuxvType.js';
import { LoadError } from './LoadError.js';
import { StackWriter } from './StackWriter.js';

/** Linux maps this much stack at exec (setup_arg_pages expands to 128 KiB plus the argument pages). */
const INITIAL_STACK = 132 * 1024;

export interface ProgramImage {
  readonly file: MappedFile;
  readonly argv: readonly Uint8Array[];
  readonly envp: readonly Uint8Array[];
  /** The path exec was given (AT_EXECFN). */
  readonly execPath: Uint8Array;
  /** 16 bytes for AT_RANDOM. */
  readonly random: Uint8Array;
  readonly credentials: { uid: number; gid: number };
}

export interface LoadedProgram {
  readonly elf: ElfFile;
  readonly symbols: SymbolIndex;
  readonly entry: number;
  readonly stackPointer: number;
  readonly loadBias: number;
  /** Where argv and envp strings were placed, for /proc/pid/cmdline and environ. */
  readonly argStart: number;
  readonly argEnd: number;
  readonly envEnd: number;
}

function protectionOf(flags: number): number {
  return (flags & PF_R ? Protection.Read : 0) | (flags & PF_W ? Protection.Write : 0) | (flags & PF_X ? Protection.Exec : 0);
}

/** Parses the ELF and checks it is one this emulator can run. */
export function inspectProgram(bytes: Uint8Array, name: string, descriptor: ArchDescriptor): ElfFile {
  let elf: ElfFile;
  try {
    elf = parseElf(bytes, name);
  } catch (error) {
    if (error instanceof ElfFormatError) throw new LoadError(`${name}: ${error.message}`);
    throw error;
  }
  if (elf.header.machine !== descriptor.elfMachine) {
    throw new LoadError(`${name}: ELF machine ${elf.header.machine} is not ${descriptor.name} (machine ${descriptor.elfMachine})`);
  }
  if (elf.interpreter !== undefined) {
    throw new LoadError(`${name}: dynamically linked ELF (interpreter ${JSON.stringify(elf.interpreter)}) is not supported yet; link it with -static`);
  }
  return elf;
}

/** Maps one PT_LOAD as Linux's elf_map and set_brk do: file pages, then zero-filled bss. */
function mapSegment(space: AddressSpace, file: MappedFile, segment: ProgramHeader, bias: number): number {
  const prot = protectionOf(segment.flags);
  const start = pageDown(segment.vaddr + bias);
  const fileEnd = segment.vaddr + bias + segment.filesz;
  const memEnd = segment.vaddr + bias + segment.memsz;
  if (segment.filesz > 0) {
    const offset = segment.offset - (segment.vaddr + bias - start);
    // Bytes past filesz in the last file page read as zero: that is where bss begins.
    const visible: MappedFile = { ...file, bytes: file.bytes.subarray(0, segment.offset + segment.filesz) };
    space.map({ address: start, length: pageUp(fileEnd) - start, prot, backing: { kind: 'file', file: visible, offset }, fixed: true });
  }
  const bssStart = segment.filesz > 0 ? pageUp(fileEnd) : start;
  if (pageUp(memEnd) > bssStart) space.map({ address: bssStart, length: pageUp(memEnd) - bssStart, prot, fixed: true });
  return memEnd;
}

/**
 * Loads a static executable into an empty address space and builds the initial stack exactly
 * as the Linux ABI lays it out: strings at the top, then AT_RANDOM bytes and the platform
 * string, then auxv, envp, argv and argc, with the final stack pointer 16-byte aligned.
 */
export function loadProgram(space: AddressSpace, descriptor: ArchDescriptor, elf: ElfFile, image: ProgramImage): LoadedProgram {
  const bias = elf.isStaticPie ? descriptor.layout.pieLoadBase : 0;
  let end = 0;
  for (const segment of elf.loadSegments) end = Math.max(end, mapSegment(space, image.file, segment, bias));
  space.startBrk = pageUp(end);
  space.brk = space.startBrk;

  const layout = descriptor.layout;
  const gnuStack = elf.gnuStack;
  const stackProt = gnuStack === undefined ? Protection.Read | Protection.Write | Protection.Exec : protectionOf(gnuStack.flags) | Protection.Read | Protection.Write;
  space.map({ address: layout.stackTop - INITIAL_STACK, length: INITIAL_STACK, prot: stackProt, flags: VmaFlags.GrowsDown, fixed: true });

  const stack = new StackWriter(space.memory, layout.stackTop - 8);
  const execFn = stack.pushString(image.execPath);
  const envAddresses = [...image.envp].reverse().map((s) => stack.pushString(s)).reverse();
  const envEnd = execFn;
  const argAddresses = [...image.argv].reverse().map((s) => stack.pushString(s)).reverse();
  const argStart = argAddresses[0] ?? stack.sp;
  const argEnd = envAddresses[0] ?? envEnd;
  stack.align(16);
  const platform = stack.pushString(new TextEncoder().encode(descriptor.platform));
  const random = stack.pushBytes(image.random);

  const phdr = elf.programHeadersAddress === undefined ? 0 : elf.programHeadersAddress + bias;
  const auxv: Array<[number, number]> = [
    [AuxvType.AT_MINSIGSTKSZ, descriptor.minSignalStackSize],
    [AuxvType.AT_HWCAP, descriptor.hwcap],
    [AuxvType.AT_PAGESZ, PAGE_SIZE],
    [AuxvType.AT_CLKTCK, 100],
    [AuxvType.AT_PHDR, phdr],
    [AuxvType.AT_PHENT, 56],
    [AuxvType.AT_PHNUM, elf.programHeaders.length],
    [AuxvType.AT_BASE, 0],
    [AuxvType.AT_FLAGS, 0],
    [AuxvType.AT_ENTRY, elf.header.entry + bias],
    [AuxvType.AT_UID, image.credentials.uid],
    [AuxvType.AT_EUID, image.credentials.uid],
    [AuxvType.AT_GID, image.credentials.gid],
    [AuxvType.AT_EGID, image.credentials.gid],
    [AuxvType.AT_SECURE, 0],
    [AuxvType.AT_RANDOM, random],
    ...(descriptor.hwcap2 !== 0 ? [[AuxvType.AT_HWCAP2, descriptor.hwcap2] as [number, number]] : []),
    [AuxvType.AT_EXECFN, execFn],
    [AuxvType.AT_PLATFORM, platform],
    [AuxvType.AT_NULL, 0],
  ];
  const words = [image.argv.length, ...argAddresses, 0, ...envAddresses, 0, ...auxv.flat()];
  stack.sp -= words.length * 8;
  stack.align(16);
  stack.writeWords(stack.sp, words);
  space.startStack = stack.sp;
  return {
    elf,
    symbols: new SymbolIndex(elf),
    entry: elf.header.entry + bias,
    stackPointer: stack.sp,
    loadBias: bias,
    argStart,
    argEnd,
    envEnd,
  };
}
