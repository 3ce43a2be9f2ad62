import { type OpsGroup } from '../dispatch/Emitter.js';
import { aluOps } from './alu.js';
import { atomicOps } from './atomic.js';
import { bitsOps } from './bits.js';
import { branchOps } from './branch.js';
import { flagOps } from './flagOps.js';
import { mmxOps } from './mmx.js';
import { movOps } from './mov.js';
import { muldivOps } from './muldiv.js';
import { shiftOps } from './shift.js';
import { sseArithOps } from './sseArith.js';
import { sseConvertOps } from './sseConvert.js';
import { sseIntegerOps } from './sseInteger.js';
import { sseMoveOps } from './sseMove.js';
import { stackOps } from './stack.js';
import { stringOps } from './string.js';
import { systemOps } from './system.js';
import { x87ArithmeticOps } from './x87Arithmetic.js';
import { x87CompareOps } from './x87Compare.js';
import { x87ControlOps } from './x87Control.js';
import { x87TranscendentalOps } from './x87Transcendental.js';
import { x87TransferOps } from './x87Transfer.js';

/** Every instruction group; the dispatch table is built from these. */
export const opsGroups: readonly OpsGroup[] = [
  aluOps,
  movOps,
  stackOps,
  branchOps,
  flagOps,
  systemOps,
  shiftOps,
  muldivOps,
  bitsOps,
  stringOps,
  atomicOps,
  sseMoveOps,
  sseArithOps,
  sseIntegerOps,
  sseConvertOps,
  mmxOps,
  x87TransferOps,
  x87ArithmeticOps,
  x87CompareOps,
  x87TranscendentalOps,
  x87ControlOps,
];
