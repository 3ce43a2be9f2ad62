import { type GuestMemory } from '../memory/GuestMemory.js';
import { type VirtualClock } from '../time/VirtualClock.js';
import { type ExecutionEngine } from './ExecutionEngine.js';

/** CPU facet (optional): an architecture that can run whole programs provides it. */
export interface Cpu {
  /** An engine for one address space; `clock` is what time-reading instructions (rdtsc) see. */
  createEngine(memory: GuestMemory, clock: VirtualClock): ExecutionEngine;
}
