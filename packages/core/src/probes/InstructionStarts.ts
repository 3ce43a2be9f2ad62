import { countAtOrBelow } from '../elf/SymbolIndex.js';
import { type InstructionDecoder } from '../isa/InstructionDecoder.js';
import { type Process } from '../kernel/Process.js';

/** Where the instructions of a function start, as far as a linear sweep got. */
export interface FunctionSweep {
  /** Ascending. */
  readonly starts: readonly number[];
  /** Where decoding failed before the end, if it did. */
  readonly invalidAt: number | undefined;
  /** Where the sweep was asked to stop. */
  readonly end: number;
}

/**
 * The instruction starts of each function a probe went into, found once by a linear sweep of its
 * original code and kept per process: probing every instruction of a function then decodes it
 * once, not once per probe.
 */
export class InstructionStarts {
  private readonly sweeps = new WeakMap<Process, Map<number, FunctionSweep>>();

  constructor(
    private readonly decoder: InstructionDecoder,
    private readonly maxInstructionBytes: number,
  ) {}

  /** The sweep of the function at [start, end) of `process`, reading code through `readCode`. */
  of(process: Process, start: number, end: number, readCode: (address: number, length: number) => Uint8Array): FunctionSweep {
    let functions = this.sweeps.get(process);
    if (functions === undefined) {
      functions = new Map();
      this.sweeps.set(process, functions);
    }
    let sweep = functions.get(start);
    if (sweep === undefined || sweep.end < end) {
      sweep = this.sweep(start, end, readCode);
      functions.set(start, sweep);
    }
    return sweep;
  }

  private sweep(start: number, end: number, readCode: (address: number, length: number) => Uint8Array): FunctionSweep {
    const starts: number[] = [];
    for (let at = start; at < end; ) {
      const insn = this.decoder.decode(readCode(at, this.maxInstructionBytes), at);
      if (insn === undefined) return { starts, invalidAt: at, end };
      starts.push(at);
      at += insn.length;
    }
    return { starts, invalidAt: undefined, end };
  }
}

/** The largest start at or below `address`, or undefined. */
export function startAtOrBefore(starts: readonly number[], address: number): number | undefined {
  return starts[countAtOrBelow(starts, address) - 1];
}
