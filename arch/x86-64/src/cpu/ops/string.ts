import { Code, Mnemonic } from '../../decode/iced.js';
import { SegmentBase, type X86Insn } from '../../decode/X86Insn.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';
import { StringMode } from '../runtime/stringRuntime.js';

const LEGACY_PREFIXES = new Set([0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3]);

/**
 * Whether a 0x67 prefix makes ESI/EDI/ECX the string registers. Read from the prefix bytes:
 * `X86Insn.address32` describes ModRM memory operands only.
 */
function hasAddressSizePrefix(insn: X86Insn): boolean {
  for (const byte of insn.bytes) {
    if (byte === 0x67) return true;
    if (!LEGACY_PREFIXES.has(byte)) return false;
  }
  return false;
}

function mode(insn: X86Insn): number {
  return (insn.rep ? StringMode.Rep : 0) | (insn.repne ? StringMode.Repne : 0) | (hasAddressSizePrefix(insn) ? StringMode.Address32 : 0);
}

/** The base of an FS or GS override, which applies to the [RSI] operand only ([RDI] is always ES). */
function sourceBase(insn: X86Insn): string {
  return insn.segment === SegmentBase.Fs ? 's.fsBase' : insn.segment === SegmentBase.Gs ? 's.gsBase' : '0';
}

/**
 * A string instruction is one runtime call, whatever its prefix: the helpers walk the elements
 * (in page-sized blocks for MOVS and STOS), keep RSI/RDI/RCX exact when an access faults midway
 * so that the instruction restarts where it stopped, and set the flags of CMPS/SCAS.
 */
function stringOp(helper: 'movs' | 'stos' | 'lods' | 'cmps' | 'scas'): Emitter {
  const readsSource = helper === 'movs' || helper === 'lods' || helper === 'cmps';
  return (b) => {
    const insn = b.insn;
    b.line(`H.${helper}(s, M, ${insn.memSize}, ${mode(insn)}${readsSource ? `, ${sourceBase(insn)}` : ''});`);
    if (helper === 'cmps' || helper === 'scas') b.flagSource = undefined;
  };
}

/**
 * movs stos lods cmps scas (b w d q) with rep/repe/repne. MOVSD and CMPSD are registered by Code:
 * their mnemonics also name the SSE2 instructions.
 */
export const stringOps: OpsGroup = {
  codes: {
    [Code.Movsd_m32_m32]: stringOp('movs'),
    [Code.Cmpsd_m32_m32]: stringOp('cmps'),
  },
  mnemonics: {
    [Mnemonic.Movsb]: stringOp('movs'),
    [Mnemonic.Movsw]: stringOp('movs'),
    [Mnemonic.Movsq]: stringOp('movs'),
    [Mnemonic.Stosb]: stringOp('stos'),
    [Mnemonic.Stosw]: stringOp('stos'),
    [Mnemonic.Stosd]: stringOp('stos'),
    [Mnemonic.Stosq]: stringOp('stos'),
    [Mnemonic.Lodsb]: stringOp('lods'),
    [Mnemonic.Lodsw]: stringOp('lods'),
    [Mnemonic.Lodsd]: stringOp('lods'),
    [Mnemonic.Lodsq]: stringOp('lods'),
    [Mnemonic.Cmpsb]: stringOp('cmps'),
    [Mnemonic.Cmpsw]: stringOp('cmps'),
    [Mnemonic.Cmpsq]: stringOp('cmps'),
    [Mnemonic.Scasb]: stringOp('scas'),
    [Mnemonic.Scasw]: stringOp('scas'),
    [Mnemonic.Scasd]: stringOp('scas'),
    [Mnemonic.Scasq]: stringOp('scas'),
  },
};
