/**
 * A fault the CPU raises other than a memory access (divide error, invalid opcode, general
 * protection...), with the signal Linux would deliver for it. Thrown from generated code.
 */
export class CpuTrap {
  constructor(
    readonly signal: number,
    readonly code: number,
    readonly address: number,
    readonly detail: string,
  ) {}
}
