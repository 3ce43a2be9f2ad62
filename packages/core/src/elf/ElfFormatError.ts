/**
 * Why a file is not a loadable ELF64 little-endian executable.
 * 'bad-section-table', 'bad-string-table' and 'bad-symtab' describe optional data: parseElf reports them
 * as warnings on the ElfFile rather than throwing.
 */
export type ElfErrorCode =
  | 'truncated'
  | 'bad-magic'
  | 'bad-class'
  | 'bad-endian'
  | 'bad-version'
  | 'bad-type'
  | 'bad-phentsize'
  | 'no-load-segments'
  | 'absurd-size'
  | 'segment-out-of-file'
  | 'filesz-exceeds-memsz'
  | 'bad-address'
  | 'bad-alignment'
  | 'segment-overlap'
  | 'bad-entry'
  | 'entry-not-executable'
  | 'bad-interp'
  | 'bad-section-table'
  | 'bad-string-table'
  | 'bad-symtab';

/** The only error parseElf throws; the message is one line and leaves naming the file to the caller. */
export class ElfFormatError extends Error {
  override readonly name = 'ElfFormatError';
  readonly code: ElfErrorCode;

  constructor(code: ElfErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
