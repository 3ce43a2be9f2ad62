import { type ArchDescriptor } from '../../isa/ArchDescriptor.js';
import { type Process } from '../../kernel/Process.js';
import { type VirtualClock } from '../../time/VirtualClock.js';
import { type ProbeConsumer, type ProbeHit, type ReturnHit } from '../ProbeConsumer.js';
import { type FetchArgument, type FetchSource, type FetchType, type UprobeEvent } from './UprobeEvent.js';
import { formatAddress } from '../../memory/formatAddress.js';
import { ProbeError } from '../ProbeError.js';

/** Linux caps a fetched string at MAX_STRING_SIZE. */
const MAX_STRING = 4096;

class FetchFault extends Error {}

function bitsOf(type: FetchType): number {
  return type === 'string' ? 64 : Number(type.slice(1));
}

interface FetchContext {
  readonly hit: ProbeHit;
  readonly process: Process;
  readonly descriptor: ArchDescriptor;
  /** File offset to address, for @+OFFSET. */
  readonly fileAddress: (offset: number) => number;
}

function readMemory(ctx: FetchContext, address: number, bytes: number): bigint {
  let data: Uint8Array;
  try {
    data = ctx.hit.memory.read(address, bytes);
  } catch {
    throw new FetchFault();
  }
  let value = 0n;
  for (let i = bytes - 1; i >= 0; i--) value = (value << 8n) | BigInt(data[i]!);
  return value;
}

/** The address or value a source yields; `bytes` is how much memory a memory source reads. */
function fetch(ctx: FetchContext, source: FetchSource, bytes: number): bigint {
  const regs = ctx.hit.regs;
  switch (source.kind) {
    case 'register':
      return regs.read(ctx.descriptor.traceRegisterNames[source.name] ?? source.name);
    case 'memory':
      return readMemory(ctx, source.address, bytes);
    case 'file-offset':
      return readMemory(ctx, ctx.fileAddress(source.offset), bytes);
    case 'stack':
      return source.entry === undefined ? BigInt(regs.sp) : readMemory(ctx, regs.sp + 8 * source.entry, 8);
    case 'retval':
      return regs.read(ctx.descriptor.returnValueRegister);
    case 'comm':
      return 0n;
    case 'deref':
      return readMemory(ctx, Number(BigInt.asIntN(64, fetch(ctx, source.base, 8))) + source.offset, bytes);
  }
}

function addressOf(ctx: FetchContext, source: FetchSource): number {
  if (source.kind === 'memory') return source.address;
  if (source.kind === 'file-offset') return ctx.fileAddress(source.offset);
  if (source.kind === 'deref') return Number(BigInt.asIntN(64, fetch(ctx, source.base, 8))) + source.offset;
  return Number(BigInt.asIntN(64, fetch(ctx, source, 8)));
}

function formatValue(type: FetchType, raw: bigint): string {
  const bits = bitsOf(type);
  switch (type[0]) {
    case 's':
      return BigInt.asIntN(bits, raw).toString();
    case 'x':
      return `0x${BigInt.asUintN(bits, raw).toString(16)}`;
    default:
      return BigInt.asUintN(bits, raw).toString();
  }
}

function formatArgument(ctx: FetchContext, arg: FetchArgument): string {
  try {
    if (arg.source.kind === 'comm') return `"${taskComm(ctx.process, ctx.hit.tid)}"`;
    if (arg.type === 'string') {
      const text = ctx.hit.memory.readCString(addressOf(ctx, arg.source), MAX_STRING);
      return text === undefined ? '(fault)' : JSON.stringify(new TextDecoder().decode(text));
    }
    return formatValue(arg.type, fetch(ctx, arg.source, bitsOf(arg.type) / 8));
  } catch (error) {
    if (error instanceof FetchFault) return '(fault)';
    throw error;
  }
}

/** Every register and file offset a source reads, checked when the event is defined, as the kernel refuses a bad one with EINVAL. */
function checkSource(source: FetchSource, registers: ReadonlySet<string>, descriptor: ArchDescriptor, fileAddress: (offset: number) => number, event: string): void {
  if (source.kind === 'register' && !registers.has(descriptor.traceRegisterNames[source.name] ?? source.name)) {
    throw new ProbeError(`bad uprobe event ${event}: ${descriptor.name} has no register %${source.name}`);
  }
  if (source.kind === 'file-offset') fileAddress(source.offset);
  if (source.kind === 'deref') checkSource(source.base, registers, descriptor, fileAddress, event);
}

/** The comm of the hitting thread, as the kernel's trace shows it. */
function taskComm(process: Process, tid: number): string {
  return process.tasks.find((t) => t.tid === tid)?.comm ?? process.comm;
}

/** The context part of a trace line: task, CPU, flags and timestamp, as trace_print_context prints them. */
function context(process: Process, tid: number, clock: VirtualClock): string {
  const ns = clock.nowNs();
  const seconds = Math.floor(ns / 1e9);
  const micros = Math.floor((ns % 1e9) / 1e3);
  return `${taskComm(process, tid).padStart(16)}-${String(tid).padEnd(7)} [000] ..... ${String(seconds).padStart(5)}.${String(micros).padStart(6, '0')}: `;
}

/**
 * A consumer that traces each hit as one line of the kernel's trace buffer format for uprobe
 * events: `EVENT: (0xADDR) name=value...`, or for return probes `EVENT: (0xRET <- 0xFUNC) ...`.
 */
export function eventConsumer(event: UprobeEvent, processOf: (pid: number) => Process, descriptor: ArchDescriptor, clock: VirtualClock, fileAddress: (offset: number) => number, write: (line: string) => void): ProbeConsumer {
  const registers = new Set(descriptor.createRegisters().names);
  for (const arg of event.args) checkSource(arg.source, registers, descriptor, fileAddress, `${event.group}/${event.event}`);
  const line = (hit: ProbeHit, where: string): void => {
    // The hit may be in a child the probe went to with fork or exec: its own name goes in the line.
    const process = processOf(hit.pid);
    const ctx: FetchContext = { hit, process, descriptor, fileAddress };
    const args = event.args.map((arg) => ` ${arg.name}=${formatArgument(ctx, arg)}`).join('');
    write(`${context(process, hit.tid, clock)}${event.event}: (${where})${args}\n`);
  };
  if (event.returnProbe) {
    return { returnHandler: (hit: ReturnHit) => line(hit, `${formatAddress(hit.returnAddress)} <- ${formatAddress(hit.functionAddress)}`) };
  }
  return { handler: (hit: ProbeHit) => line(hit, formatAddress(hit.address)) };
}
