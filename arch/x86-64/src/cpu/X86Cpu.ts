import { type Cpu, type ExecutionEngine, type GuestMemory, type VirtualClock } from '@ubp/core';
import { X86Engine } from './X86Engine.js';

/** The CPU facet of x86-64: a translating engine per address space. */
export class X86Cpu implements Cpu {
  createEngine(memory: GuestMemory, clock: VirtualClock): ExecutionEngine {
    return new X86Engine(memory, clock);
  }
}
