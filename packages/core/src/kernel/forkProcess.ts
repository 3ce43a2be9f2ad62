import { type CloneArguments } from '../isa/SyscallAbi.js';
import { SIG_IGN } from '../signals/SignalAction.js';
import { type Kernel } from './Kernel.js';
import { Process, type ProcessImage } from './Process.js';
import { SS_DISABLE, type Task } from './Task.js';

/** What a clone without CLONE_THREAD asks for, its flags decoded. */
export interface ForkRequest {
  readonly clone: CloneArguments;
  /** Sent to the parent when the child ends (SIGCHLD for fork and vfork; 0 for none). */
  readonly exitSignal: number;
  /** CLONE_VM: run in the parent's memory (and on its engine) until exec, instead of a copy. */
  readonly shareMemory: boolean;
  /** CLONE_FILES: the same descriptor table, not a copy. */
  readonly shareFiles: boolean;
  /** CLONE_SIGHAND: the same signal actions, not a copy. */
  readonly shareHandlers: boolean;
  /** CLONE_CLEAR_SIGHAND: caught signals start with their default action. */
  readonly clearHandlers: boolean;
  /** CLONE_PARENT: the child is the caller's sibling. */
  readonly siblingOfParent: boolean;
  /** CLONE_VFORK: the parent waits until the child execs or ends. */
  readonly vfork: boolean;
  /** CLONE_SETTLS. */
  readonly setTls: boolean;
}

/**
 * copy_process for a new process: its memory a copy of the parent's (AddressSpace.fork) with an
 * engine of its own, or the parent's very memory and engine with CLONE_VM; the descriptor table
 * duplicated (open file descriptions, and so offsets, shared); the signal actions, the mask and
 * the alternate stack copied, nothing pending; the working directory, umask, name, limits,
 * process group and program copied. Its one task is the calling task returning 0. Trap
 * handlers (the uprobes layer) see the child before it runs.
 */
export function forkProcess(kernel: Kernel, parent: Task, request: ForkRequest): Process {
  const from = parent.process;
  const image: ProcessImage = request.shareMemory ? from.image : copyImage(kernel, from);
  const fds = request.shareFiles ? from.fds.share() : from.fds.duplicate();
  const actions = request.shareHandlers ? from.actions : new Map(from.actions);
  if (request.clearHandlers) for (const [signal, action] of actions) if (action.handler !== SIG_IGN) actions.delete(signal);
  const child = new Process(kernel.allocatePid(), request.siblingOfParent ? from.ppid : from.pid, image, fds, from.executable, actions);
  child.cwd = from.cwd;
  child.umask = from.umask;
  for (const [resource, [soft, hard]] of from.limits) child.limits.set(resource, [soft, hard]);
  child.symbols = from.symbols;
  child.elf = from.elf;
  child.loadBias = from.loadBias;
  child.commandLine = from.commandLine;
  child.environment = from.environment;
  child.pgid = from.pgid;
  child.sid = from.sid;
  child.exitSignal = request.exitSignal;
  kernel.processes.set(child.pid, child);
  const task = kernel.cloneTask(parent, child, request.clone, request.setTls);
  // A child that shares the parent's memory but not its stack must not inherit an alternate stack in it.
  task.altStack = request.shareMemory && !request.vfork ? { sp: 0, size: 0, flags: SS_DISABLE } : { ...parent.altStack };
  if (request.vfork) child.vforkParent = parent;
  for (const handler of kernel.trapHandlers) handler.forked?.(parent, child);
  return child;
}

function copyImage(kernel: Kernel, from: Process): ProcessImage {
  const space = from.space.fork();
  return { space, engine: kernel.facets.cpu.createEngine(space.memory, kernel) };
}
