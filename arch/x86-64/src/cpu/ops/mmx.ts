import { Mnemonic } from '../../decode/iced.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';
import { enterMmx, mmx } from './mmxState.js';
import { cvtdq2pd, cvtpi2ps, toIntegerLanes } from './sseConvert.js';
import { mmxCodes } from './sseForms.js';
import { sseIntegerEmitters } from './sseInteger.js';
import { maskedMove, moveLow, pmovmskb, shuffleWords } from './sseMove.js';

/** EMMS: every x87 register tagged empty (and TOP 0 on this host). */
const emms: Emitter = (b) => b.line('s.x87.emms();');

/** MASKMOVQ: on this host it enters the MMX state before it stores, so even when the store faults. */
const maskmovq: Emitter = (b) => {
  enterMmx(b);
  maskedMove(b);
};

/** The emitters of instructions whose MMX forms work as their XMM forms do, on 8 bytes. */
const sharedEmitters: Readonly<Partial<Record<number, Emitter>>> = {
  ...sseIntegerEmitters,
  [Mnemonic.Movd]: moveLow,
  [Mnemonic.Movq]: moveLow,
  [Mnemonic.Pmovmskb]: pmovmskb,
};

/**
 * The MMX instructions, and the MMX register forms SSE and SSE2 added: the XMM forms' emitters
 * (ops/sseInteger.ts, sseMove.ts, sseConvert.ts) with the MMX framing of ops/mmxState.ts.
 * movd movq padd[bwdq] psub[bwdq] padds[bw] paddus[bw] psubs[bw] psubus[bw] pmullw pmulhw
 * pmulhuw pmuludq pmaddwd pavgb pavgw pminub pmaxub pminsw pmaxsw psadbw pcmpeq[bwd] pcmpgt[bwd]
 * pand pandn por pxor psll[wdq] psrl[wdq] psra[wd] punpck[lh](bw wd dq) packsswb packssdw
 * packuswb pinsrw pextrw pmovmskb pshufw movq2dq movdq2q movntq maskmovq emms cvtpi2ps cvtpi2pd
 * cvt(t)ps2pi cvt(t)pd2pi. The model has no SSSE3, so none of its MMX forms (PSHUFB mm...).
 */
export const mmxOps: OpsGroup = {
  codes: mmxCodes({
    ...Object.fromEntries(Object.entries(sharedEmitters).map(([mnemonic, emit]) => [mnemonic, mmx(emit!)])),
    [Mnemonic.Pshufw]: mmx(shuffleWords(0)),
    [Mnemonic.Movq2dq]: mmx(moveLow),
    [Mnemonic.Movdq2q]: mmx(moveLow),
    [Mnemonic.Movntq]: mmx(moveLow),
    [Mnemonic.Maskmovq]: mmx(maskmovq, true),
    [Mnemonic.Emms]: mmx(emms, true),
    [Mnemonic.Cvtpi2ps]: mmx(cvtpi2ps, true),
    [Mnemonic.Cvtpi2pd]: mmx(cvtdq2pd),
    [Mnemonic.Cvtps2pi]: mmx(toIntegerLanes(true, false), true),
    [Mnemonic.Cvttps2pi]: mmx(toIntegerLanes(true, true), true),
    [Mnemonic.Cvtpd2pi]: mmx(toIntegerLanes(false, false), true),
    [Mnemonic.Cvttpd2pi]: mmx(toIntegerLanes(false, true), true),
  }),
};
