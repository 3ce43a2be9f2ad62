import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { x86_64Descriptor, X86Engine, X86RegisterFile } from '@ubp/arch-x86-64';
import { AddressSpace, CpuExit, CpuExitKind, IsaTokens, Protection } from '@ubp/core';
import { buildContainer } from '@ubp/cli';
import { beforeAll, describe, expect, it } from 'vitest';
import { assemble } from '../isa/support/assemble.js';
import { hostSkipReason } from '../isa/support/runOnHost.js';

/**
 * The conformance oracle counts executions with the engine's TF single-step, so that stepping is
 * checked here against the host's: the same snippet is stepped on this machine (a signal handler
 * records RIP at every SIGTRAP) and on the engine with the single-step facet, and the sequences of
 * trap RIPs must be equal. The ISA suite never sets TF, so nothing else checks this.
 */

const SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../support/stepRunner/steprunner.c');
const BASE = 0x70000000;
const LANDING = 0x71000000;

let runner = '';

function buildRunner(): string {
  const hash = createHash('sha256').update(fs.readFileSync(SOURCE)).digest('hex').slice(0, 16);
  const output = path.join(os.tmpdir(), 'ubp-steprunner', hash);
  if (!fs.existsSync(output)) {
    fs.mkdirSync(path.dirname(output), { recursive: true });
    const gcc = spawnSync('gcc', ['-O1', '-mno-red-zone', SOURCE, '-o', `${output}.${process.pid}`], { encoding: 'utf8' });
    if (gcc.status !== 0) throw new Error(`cannot build the step runner:\n${gcc.stderr}`);
    fs.renameSync(`${output}.${process.pid}`, output);
  }
  return output;
}

function onHost(code: Uint8Array): string[] {
  const run = spawnSync(runner, [Buffer.from(code).toString('hex')], { encoding: 'utf8', timeout: 10_000 });
  if (run.status !== 0) throw new Error(`step runner failed (${run.status}): ${run.stderr}`);
  return run.stdout.trim().split('\n');
}

async function onEngine(code: Uint8Array): Promise<string[]> {
  const stepper = (await buildContainer('x86-64')).get(IsaTokens.SingleStepper);
  const space = new AddressSpace(x86_64Descriptor.layout);
  const { memory } = space;
  space.map({ address: BASE, length: 0x2000, prot: Protection.Read | Protection.Write | Protection.Exec, fixed: true });
  space.map({ address: LANDING, length: 0x1000, prot: Protection.Read | Protection.Exec, fixed: true });
  space.map({ address: LANDING + 0x10000, length: 0x1000, prot: Protection.Read | Protection.Write, fixed: true });
  memory.poke(BASE, code);
  memory.poke(LANDING, new Uint8Array(0x1000).fill(0xcc));
  const regs = new X86RegisterFile();
  regs.sp = LANDING + 0x10800;
  memory.w64(regs.sp, LANDING, 0);
  regs.rip = BASE;
  const engine = new X86Engine(memory, { nowNs: () => 0 });
  const exit = new CpuExit();
  const traps: string[] = [];
  for (let i = 0; i < 4096; i++) {
    // Re-armed before every instruction, as the conformance oracle does: a popf of a pushf image
    // (which hides the kernel's TF) would otherwise end the stepping.
    stepper.enable(regs);
    engine.run(regs, 1, exit);
    if (exit.kind !== CpuExitKind.Step) return [...traps, `exit ${exit.kind}`];
    const inside = regs.rip >= BASE && regs.rip < BASE + 0x2000;
    traps.push(inside ? (regs.rip - BASE).toString(16) : 'out');
    if (!inside) break;
  }
  return traps;
}

const SNIPPETS: ReadonlyArray<readonly [name: string, source: string]> = [
  ['straight-line code', 'mov eax, 1; add eax, 2; nop; xor ecx, ecx; ret'],
  ['a call and a return inside', 'call f; ret; f: mov eax, 1; ret'],
  ['a taken and a not-taken jcc', 'xor eax, eax; jz a; nop; a: jnz b; nop; b: ret'],
  ['loop, three times', 'mov ecx, 3; l: inc eax; loop l; ret'],
  ['pushf and popf', 'pushfq; pop rax; push rax; popfq; ret'],
  ['rep movsb of five bytes', 'lea rsi, [rip+src]; lea rdi, [rip+dst]; mov ecx, 5; rep movsb; ret; src: .byte 1,2,3,4,5,6,7,8; dst: .byte 0,0,0,0,0,0,0,0'],
  ['rep movsb of no byte', 'lea rsi, [rip+src]; lea rdi, [rip+dst]; xor ecx, ecx; rep movsb; ret; src: .byte 1,2,3,4; dst: .byte 0,0,0,0'],
  ['rep stosq of three qwords', 'lea rdi, [rip+dst]; mov ecx, 3; mov eax, 7; rep stosq; ret; .balign 8; dst: .quad 0,0,0,0'],
  ['repe cmpsb stopping at the third byte', 'lea rsi, [rip+a]; lea rdi, [rip+b]; mov ecx, 5; repe cmpsb; ret; a: .byte 1,2,3,4,5; b: .byte 1,2,9,4,5'],
];

const reason = hostSkipReason();
describe.skipIf(reason !== undefined)('TF single-step on the engine against the host', () => {
  beforeAll(() => {
    runner = buildRunner();
  });

  it.each(SNIPPETS)('%s: the same trap RIPs', async (_name, source) => {
    const code = assemble(source);
    const host = onHost(code);
    expect(host.at(-1)).toBe('out');
    expect(await onEngine(code)).toEqual(host);
  });
});
