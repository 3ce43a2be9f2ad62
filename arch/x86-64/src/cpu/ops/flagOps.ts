import { Mnemonic } from '../../decode/iced.js';
import { pop16, pop64, push16, push64 } from '../codegen/stack.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';
import { FlagBits } from '../state/FlagBits.js';

const DF = FlagBits.DF;

const pushf: Emitter = (b) => {
  const flags = b.temp('H.readFlags(s)');
  if (b.insn.stackDelta === -2) push16(b, `(${flags} & 0xffff)`);
  else push64(b, { lo: flags, hi: '0' });
};

/** POPF ends the block: it may set TF, which takes effect after the next instruction. */
const popf: Emitter = (b) => {
  const bits = b.insn.stackDelta === 2 ? 16 : 64;
  const value = bits === 16 ? pop16(b) : pop64(b).lo;
  b.line(`H.writeFlags(s, ${value}, ${bits});`);
  b.flagSource = undefined;
  b.exitTo(String(b.insn.next));
};

/** clc stc cmc cld std lahf sahf pushf popf */
export const flagOps: OpsGroup = {
  mnemonics: {
    [Mnemonic.Clc]: (b) => b.line("H.setCarry(s, 'clear');"),
    [Mnemonic.Stc]: (b) => b.line("H.setCarry(s, 'set');"),
    [Mnemonic.Cmc]: (b) => b.line("H.setCarry(s, 'complement');"),
    [Mnemonic.Cld]: (b) => b.line(`s.control &= ${~DF};`),
    [Mnemonic.Std]: (b) => b.line(`s.control |= ${DF};`),
    [Mnemonic.Lahf]: (b) => b.line('H.loadAh(s);'),
    [Mnemonic.Sahf]: (b) => b.line('H.storeAh(s);'),
    [Mnemonic.Pushf]: pushf,
    [Mnemonic.Pushfq]: pushf,
    [Mnemonic.Popf]: popf,
    [Mnemonic.Popfq]: popf,
  },
};
