import { type Container } from 'inversify';
import { type Executable, Kernel } from '../kernel/Kernel.js';
import { type KernelConfig } from '../kernel/KernelConfig.js';
import { type Process } from '../kernel/Process.js';
import { linuxSyscalls } from '../syscalls/syscallTable.js';
import { resolveRunFacets } from './resolveRunFacets.js';
import { type RunResult } from './RunResult.js';

/**
 * One program run inside one emulated kernel: build it from an architecture's container,
 * start the executable, run it to the end, and read what it did.
 */
export class Session {
  readonly kernel: Kernel;
  readonly process: Process;

  constructor(container: Container, executable: Executable, config: KernelConfig) {
    this.kernel = new Kernel(resolveRunFacets(container), config, linuxSyscalls);
    this.process = this.kernel.spawn(executable);
  }

  run(): RunResult {
    const started = performance.now();
    const termination = this.kernel.run(this.process);
    return {
      termination,
      guestInstructions: this.kernel.retired,
      wallMs: performance.now() - started,
      syscalls: Object.fromEntries([...this.kernel.syscallCounts].sort(([a], [b]) => a.localeCompare(b))),
      peakGuestBytes: this.process.memory.peakResidentPages * 4096,
    };
  }
}
