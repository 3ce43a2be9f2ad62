import { cf } from '../flags/lazyFlags.js';
import { ea } from './addressing.js';
import { atomicRuntime } from './atomicRuntime.js';
import { bitsRuntime } from './bitsRuntime.js';
import { cpuid } from './cpuidModel.js';
import { fault } from './faults.js';
import { loadAh, readFlags, setCarry, storeAh, writeFlags } from './flagState.js';
import { muldivRuntime } from './muldivRuntime.js';
import { shiftRuntime } from './shiftRuntime.js';
import { sseRuntime } from './sseRuntime.js';
import { stringRuntime } from './stringRuntime.js';
import { rdtsc } from './timeStamp.js';
import { invalid, trap, unsupported } from './traps.js';
import { x87Runtime } from './x87Runtime.js';

/**
 * The helpers generated code calls as `H.name(...)`: whatever is too large or too rare to
 * inline. Each instruction group contributes its own module.
 */
export const runtime = {
  ea,
  cf,
  fault,
  trap,
  unsupported,
  invalid,
  cpuid,
  rdtsc,
  readFlags,
  writeFlags,
  loadAh,
  storeAh,
  setCarry,
  ...shiftRuntime,
  ...muldivRuntime,
  ...bitsRuntime,
  ...stringRuntime,
  ...atomicRuntime,
  ...sseRuntime,
  ...x87Runtime,
};
