// capstone-wasm 1.0.3 ships dist/index.d.ts, but its package.json "exports" names no types, so
// "nodenext" resolution cannot see them: this declares the part of its API the decoder uses.
declare module 'capstone-wasm' {
  export interface Insn {
    id: number;
    address: number | bigint;
    size: number;
    bytes: Uint8Array;
    mnemonic: string;
    opStr: string;
  }

  export class Capstone {
    constructor(arch: number, mode: number);
    disasm(data: number[] | Uint8Array, options?: { address?: number | bigint; count?: number }): Insn[];
  }

  export const Const: {
    readonly CS_ARCH_ARM64: number;
    readonly CS_MODE_ARM: number;
  };

  /** Instantiates the wasm module; later calls return at once. */
  export function loadCapstone(args?: Record<string, unknown>): Promise<void>;
}
