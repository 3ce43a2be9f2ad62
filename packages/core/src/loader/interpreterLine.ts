/** What a `#!` line asks for: the interpreter's path and at most one argument (binfmt_script). */
export interface InterpreterLine {
  readonly interpreter: string;
  readonly argument: string | undefined;
}

/** The kernel reads this much of a file to recognise its format (BINPRM_BUF_SIZE). */
const PROBE_BYTES = 256;

/**
 * Parses a script's `#!` line as Linux's load_script does: blanks after `#!` are skipped, the
 * interpreter ends at the first blank, and everything after it, trimmed, is one argument.
 * Undefined when the file is not a script; an `#!` line whose interpreter is empty, or longer
 * than the kernel reads, is "not a script" either, and exec fails with ENOEXEC.
 */
export function interpreterLine(bytes: Uint8Array): InterpreterLine | undefined {
  if (bytes[0] !== 0x23 || bytes[1] !== 0x21) return undefined;
  const head = new TextDecoder('latin1').decode(bytes.subarray(2, PROBE_BYTES));
  const newline = head.indexOf('\n');
  // The interpreter and its argument are C strings: a NUL ends the line too.
  const line = (newline < 0 ? head : head.slice(0, newline)).split('\0')[0]!.replace(/^[ \t]+/, '').replace(/[ \t]+$/, '');
  const interpreter = /^[^ \t]*/.exec(line)![0];
  // A line the buffer cut before the interpreter ended could name the wrong file.
  if (interpreter === '' || (newline < 0 && interpreter === line && bytes.length > PROBE_BYTES)) return undefined;
  const argument = line.slice(interpreter.length).replace(/^[ \t]+/, '');
  return { interpreter, argument: argument === '' ? undefined : argument };
}
