import { Mnemonic } from '../../decode/iced.js';
import { readOperand, writeOperand } from '../codegen/operands.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';
import { emitX87, stOperand, x87Call, X87Kind, type X87KindValue } from './x87.js';

/** The field width of an environment image: 2 bytes for the 14/94-byte (0x66) forms, else 4. */
function environmentWidth(memSize: number): number {
  return memSize === 14 || memSize === 94 ? 2 : 4;
}

function environment(kind: X87KindValue, helper: string): Emitter {
  return x87Call(kind, (b, address) => `H.${helper}(s, M, ${address}, ${environmentWidth(b.insn.memSize)})`);
}

const fnstsw: Emitter = (b) => emitX87(b, X87Kind.noWait, () => writeOperand(b, 0, 16, 's.x87.statusWord'));

const fnstcw: Emitter = (b) => emitX87(b, X87Kind.noWait, () => writeOperand(b, 0, 16, 's.x87.control'));

const fldcw: Emitter = (b) => emitX87(b, X87Kind.control, () => b.line(`s.x87.control = ${readOperand(b, 0, 16)};`));

/** Obsolete 8087/80287 controls (FNENI FNDISI FNSETPM): this host ignores them altogether. */
const ignored: Emitter = (b) => emitX87(b, X87Kind.noWait, () => undefined);

/**
 * fninit fnclex fldcw fnstcw fnstsw fnstenv fldenv fnsave frstor fwait fnop ffree ffreep
 * fincstp fdecstp, and the ignored fneni fndisi fnsetpm
 */
export const x87ControlOps: OpsGroup = {
  mnemonics: {
    [Mnemonic.Fninit]: x87Call(X87Kind.noWait, () => 's.x87.initialize()'),
    [Mnemonic.Fnclex]: x87Call(X87Kind.noWait, () => 'H.fnclex(s)'),
    [Mnemonic.Fldcw]: fldcw,
    [Mnemonic.Fnstcw]: fnstcw,
    [Mnemonic.Fnstsw]: fnstsw,
    [Mnemonic.Fnstenv]: environment(X87Kind.noWait, 'fnstenv'),
    [Mnemonic.Fldenv]: environment(X87Kind.control, 'fldenv'),
    [Mnemonic.Fnsave]: environment(X87Kind.noWait, 'fnsave'),
    [Mnemonic.Frstor]: environment(X87Kind.control, 'frstor'),
    [Mnemonic.Wait]: (b) => emitX87(b, X87Kind.control, () => undefined),
    [Mnemonic.Fnop]: (b) => emitX87(b, X87Kind.numeric, () => undefined),
    [Mnemonic.Ffree]: x87Call(X87Kind.numeric, (b) => `H.ffree(s, ${stOperand(b)}, false)`),
    [Mnemonic.Ffreep]: x87Call(X87Kind.numeric, (b) => `H.ffree(s, ${stOperand(b)}, true)`),
    [Mnemonic.Fincstp]: x87Call(X87Kind.numeric, () => 'H.rotateStack(s, 1)'),
    [Mnemonic.Fdecstp]: x87Call(X87Kind.numeric, () => 'H.rotateStack(s, -1)'),
    [Mnemonic.Fneni]: ignored,
    [Mnemonic.Fndisi]: ignored,
    [Mnemonic.Fnsetpm]: ignored,
  },
};
