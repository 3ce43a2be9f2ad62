/**
 * A fault an instruction raises other than a memory access (divide error, invalid opcode,
 * general protection...), with the signal Linux delivers for it. Architectures throw it (or a
 * subclass) from their CPU and emulator.
 */
export class InstructionFault {
  constructor(
    readonly signal: number,
    readonly code: number,
    readonly address: number,
    readonly detail: string,
  ) {}
}
