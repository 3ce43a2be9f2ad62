import { type ElfWarning } from './ElfFile.js';
import { ElfFormatError } from './ElfFormatError.js';

/**
 * Runs a reader of optional data, turning a format defect into a warning and the fallback, so that a
 * damaged section or symbol table never stops an otherwise loadable program. Other errors are bugs
 * and propagate.
 */
export function recoverFormatError<T>(warnings: ElfWarning[], fallback: T, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ElfFormatError)) throw error;
    warnings.push({ code: error.code, message: error.message });
    return fallback;
  }
}
