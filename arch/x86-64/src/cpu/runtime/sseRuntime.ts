import { floatLanes } from './sse/floatLanes.js';
import { convertLanes, toInt32, toInt32Lanes, toInt64 } from './sse/floatConvert.js';
import { fxrstor, fxsave } from './sse/fxsave.js';
import { maskedStore } from './sse/maskedStore.js';
import { loadMxcsr, misaligned } from './sse/mxcsr.js';
import { orderedCompare } from './sse/orderedCompare.js';
import { probeWrite } from './sse/probeWrite.js';
import { byteOps, interleave, packOps, pmaddwd, pmuludq, psadbw, shiftBytes, shiftLanes, wordOps } from './sse/packedInteger.js';
import {
  ordinary,
  ordinarySingle,
  plainNarrowing,
  plainProduct32,
  plainProduct64,
  plainRoot32,
  plainRoot64,
  plainSum32,
  plainSum64,
  productInexact32,
  productInexact64,
  quotientInexact32,
  quotientInexact64,
  rootInexact32,
  rootInexact64,
  sumInexact32,
  sumInexact64,
} from './sse/plainFloat.js';
import { reciprocal, reciprocalRoot } from './sse/reciprocalApproximation.js';
import { memoryOperand } from './sse/xmmLanes.js';

/** Helpers the SSE instruction groups' generated code calls as `H.name`; `H.mo` is the memory-operand scratch. */
export const sseRuntime = {
  mo: memoryOperand,
  misaligned,
  loadMxcsr,
  fxsave,
  fxrstor,
  maskedStore,
  probeWrite,
  floatLanes,
  orderedCompare,
  convertLanes,
  toInt32,
  toInt64,
  toInt32Lanes,
  ordinary,
  ordinarySingle,
  plainSum32,
  plainSum64,
  plainProduct32,
  plainProduct64,
  plainRoot32,
  plainRoot64,
  plainNarrowing,
  sumInexact32,
  sumInexact64,
  productInexact32,
  productInexact64,
  quotientInexact32,
  quotientInexact64,
  rootInexact32,
  rootInexact64,
  reciprocal,
  reciprocalRoot,
  ...byteOps,
  ...wordOps,
  ...packOps,
  pmaddwd,
  pmuludq,
  psadbw,
  interleave,
  shiftLanes,
  shiftBytes,
};
