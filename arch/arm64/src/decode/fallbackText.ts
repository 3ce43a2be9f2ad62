import { field, rd, rn, signedField } from '../encoding/fields.js';
import { type EncodingPattern, matches, UDF } from '../encoding/patterns.js';
import { type DisassemblyText } from './capstone.js';

// Capstone 5.0 (in capstone-wasm 1.0.3) does not decode UDF nor the Memory Tagging Extension
// (FEAT_MTE) instructions that static glibc's malloc and string functions contain; objdump
// does. These few are formatted here, in capstone's style, so that no instruction of a real
// binary goes undecoded.

/** Load/store memory tags: 11011001 opc(23:22) 1 imm9(20:12) op2(11:10) Rn Rt. */
const TAG_LOAD_STORE: EncodingPattern = { mask: 0xff200000, value: 0xd9200000 };
const IRG: EncodingPattern = { mask: 0xffe0fc00, value: 0x9ac01000 };
const GMI: EncodingPattern = { mask: 0xffe0fc00, value: 0x9ac01400 };

const STORE_TAG_NAMES = ['stg', 'stzg', 'st2g', 'stz2g'];

/** A register operand: number 31 is SP where the operand allows it, else the zero register. */
const x = (n: number, thirtyOne: 'sp' | 'xzr'): string => (n === 31 ? thirtyOne : `x${n}`);

/** Capstone's immediates: decimal up to 9, hexadecimal beyond. */
function immediate(value: number): string {
  const magnitude = Math.abs(value);
  const digits = magnitude > 9 ? `0x${magnitude.toString(16)}` : String(magnitude);
  return `#${value < 0 ? '-' : ''}${digits}`;
}

/** The address operand of a tag instruction: post-index, signed offset or pre-index by `op2`. */
function tagAddress(base: string, offset: number, op2: number): string {
  if (op2 === 0b01) return `[${base}], ${immediate(offset)}`;
  if (op2 === 0b11) return `[${base}, ${immediate(offset)}]!`;
  return offset === 0 ? `[${base}]` : `[${base}, ${immediate(offset)}]`;
}

function tagLoadStore(word: number): DisassemblyText | undefined {
  const opc = field(word, 22, 2);
  const op2 = field(word, 10, 2);
  const imm9 = signedField(word, 12, 9);
  const base = x(rn(word), 'sp');
  if (op2 !== 0) {
    return { mnemonic: STORE_TAG_NAMES[opc]!, operands: `${x(rd(word), 'sp')}, ${tagAddress(base, imm9 * 16, op2)}` };
  }
  if (opc === 0b01) return { mnemonic: 'ldg', operands: `${x(rd(word), 'xzr')}, ${tagAddress(base, imm9 * 16, 0b10)}` };
  if (imm9 !== 0) return undefined;
  const bulk = ['stzgm', undefined, 'stgm', 'ldgm'][opc];
  return bulk === undefined ? undefined : { mnemonic: bulk, operands: `${x(rd(word), 'xzr')}, [${base}]` };
}

/** Text for the encodings above, or undefined for anything else. */
export function fallbackText(word: number): DisassemblyText | undefined {
  if (matches(word, UDF)) return { mnemonic: 'udf', operands: immediate(field(word, 0, 16)) };
  if (matches(word, TAG_LOAD_STORE)) return tagLoadStore(word);
  const rm = field(word, 16, 5);
  if (matches(word, IRG)) {
    const operands = `${x(rd(word), 'sp')}, ${x(rn(word), 'sp')}`;
    return { mnemonic: 'irg', operands: rm === 31 ? operands : `${operands}, x${rm}` };
  }
  if (matches(word, GMI)) return { mnemonic: 'gmi', operands: `x${rd(word)}, ${x(rn(word), 'sp')}, ${x(rm, 'xzr')}` };
  return undefined;
}
