import { type ProgramHeader } from './ElfFile.js';
import { ElfFormatError } from './ElfFormatError.js';
import { type ElfReader } from './ElfReader.js';
import { MAX_INTERPRETER_SIZE, PT_INTERP } from './elfConstants.js';
import { hex } from './hex.js';

const decoder = new TextDecoder();

/**
 * The PT_INTERP path, held to the kernel's rules (2 to PATH_MAX bytes, NUL-terminated) so that a
 * caller printing it sees what Linux would have tried to open. Linux uses the first PT_INTERP.
 */
export function readInterpreter(reader: ElfReader, programHeaders: readonly ProgramHeader[]): string | undefined {
  const interp = programHeaders.find((segment) => segment.type === PT_INTERP);
  if (interp === undefined) return undefined;

  const what = `program header ${interp.index} (PT_INTERP)`;
  if (interp.filesz < 2 || interp.filesz > MAX_INTERPRETER_SIZE) {
    throw new ElfFormatError(
      'bad-interp',
      `${what} has size ${hex(interp.filesz)}: an interpreter path takes 2 to ${MAX_INTERPRETER_SIZE} bytes`,
    );
  }
  const path = reader.bytes.subarray(interp.offset, interp.offset + interp.filesz);
  if (path[path.length - 1] !== 0) {
    throw new ElfFormatError('bad-interp', `${what} does not end with a NUL byte`);
  }
  return decoder.decode(path.subarray(0, path.indexOf(0)));
}
