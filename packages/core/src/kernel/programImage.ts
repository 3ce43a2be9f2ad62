import { type LoadedProgram, inspectProgram, loadProgram } from '../loader/loadProgram.js';
import { AddressSpace } from '../process/AddressSpace.js';
import { type Executable } from './Executable.js';
import { type Kernel } from './Kernel.js';
import { type Process, type ProcessImage } from './Process.js';
import { type Task } from './Task.js';

/** A program loaded into an address space of its own, not yet running. */
export interface LoadedImage {
  readonly image: ProcessImage;
  readonly program: LoadedProgram;
  readonly executable: Executable;
}

/**
 * Loads a static executable into a fresh address space with its own engine, and lays out its
 * initial stack with `argv` and `envp` (what spawn starts and execve switches to). Throws
 * LoadError when the loader does not accept the file; nothing of a running process is touched.
 */
export function loadImage(kernel: Kernel, executable: Executable, argv: readonly Uint8Array[], envp: readonly Uint8Array[]): LoadedImage {
  const { descriptor, cpu } = kernel.facets;
  const elf = inspectProgram(executable.bytes, executable.execPath, descriptor);
  const space = new AddressSpace(descriptor.layout);
  const random = new Uint8Array(16);
  kernel.random.fill(random);
  const program = loadProgram(space, descriptor, elf, {
    file: { path: executable.guestPath, bytes: executable.bytes, device: '08:01', inode: executable.inode },
    argv,
    envp,
    execPath: new TextEncoder().encode(executable.execPath),
    random,
    credentials: kernel.config.credentials,
  });
  return { image: { space, engine: cpu.createEngine(space.memory, kernel) }, program, executable };
}

/** Makes `process` run a loaded image: `task` starts at its entry point with the ABI's initial registers. */
export function enterImage(kernel: Kernel, process: Process, task: Task, loaded: LoadedImage): void {
  const { image, program, executable } = loaded;
  process.replaceImage(image);
  process.executable = executable;
  process.symbols = program.symbols;
  process.elf = program.elf;
  process.loadBias = program.loadBias;
  const memory = image.space.memory;
  process.commandLine = memory.read(program.argStart, program.argEnd - program.argStart);
  process.environment = memory.read(program.argEnd, program.envEnd - program.argEnd);
  // The comm is the base name of the path exec was given (/proc/self/exe gives "exe"), as Linux's.
  process.comm = (executable.execPath.split('/').pop() ?? executable.execPath).slice(0, 15);
  task.regs = kernel.facets.descriptor.createRegisters();
  kernel.facets.abi.start(task.regs, program.entry, program.stackPointer);
}
