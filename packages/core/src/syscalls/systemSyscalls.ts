import { type SyscallContext, type SyscallTable } from './SyscallContext.js';

const UTS_FIELD = 65;
const TOTAL_RAM = 4 * 1024 * 1024 * 1024;

function uname(ctx: SyscallContext): number {
  const fields = ['Linux', ctx.kernel.config.hostname, '6.1.0-ubp', '#1 SMP PREEMPT_DYNAMIC UBP', ctx.kernel.facets.descriptor.machine, '(none)'];
  const out = new Uint8Array(UTS_FIELD * fields.length);
  const encoder = new TextEncoder();
  fields.forEach((field, i) => out.set(encoder.encode(field).subarray(0, UTS_FIELD - 1), i * UTS_FIELD));
  ctx.memory.write(ctx.args.ulong(0), out);
  return 0;
}

/** struct sysinfo of a 4 GiB machine with one process, up for as long as the guest has run. */
function sysinfo(ctx: SyscallContext): number {
  const out = new Uint8Array(112);
  const view = new DataView(out.buffer);
  view.setBigInt64(0, BigInt(Math.floor(ctx.kernel.nowNs() / 1e9)), true);
  view.setBigUint64(32, BigInt(TOTAL_RAM), true);
  view.setBigUint64(40, BigInt(TOTAL_RAM - ctx.process.memory.residentBytes), true);
  view.setUint16(80, ctx.kernel.processes.size, true);
  view.setUint32(104, 1, true);
  ctx.memory.write(ctx.args.ulong(0), out);
  return 0;
}

function getrandom(ctx: SyscallContext): number {
  const length = Math.min(ctx.args.ulong(1), 33554431);
  const bytes = new Uint8Array(length);
  ctx.kernel.random.fill(bytes);
  ctx.memory.write(ctx.args.ulong(0), bytes);
  return length;
}

/** uname, sysinfo and getrandom: a fixed machine description and seeded randomness. */
export const systemSyscalls: SyscallTable = {
  uname,
  sysinfo,
  getrandom,
};
