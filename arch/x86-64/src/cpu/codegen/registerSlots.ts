import { Register, RegisterExt } from '../../decode/iced.js';

/** How an iced GPR maps onto the register file: slot 0-15, width in bits, and bit offset (8 for AH-BH). */
export interface GprSlot {
  readonly slot: number;
  readonly bits: number;
  readonly shift: number;
}

const table: Array<GprSlot | undefined> = [];
for (let reg = Register.AL; reg <= Register.R15; reg++) {
  const high = reg >= Register.AH && reg <= Register.BH;
  table[reg] = {
    slot: high ? reg - Register.AH : RegisterExt.number(RegisterExt.fullRegister(reg)),
    bits: RegisterExt.size(reg) * 8,
    shift: high ? 8 : 0,
  };
}

export function gprSlot(register: Register): GprSlot {
  const slot = table[register];
  if (slot === undefined) throw new Error(`register ${register} is not a general-purpose register`);
  return slot;
}

export function isGpr(register: Register): boolean {
  return table[register] !== undefined;
}

export function xmmIndex(register: Register): number {
  return register - Register.XMM0;
}
