import { edgeValues } from '../forms/values.js';
import { type IsaInput } from '../harness.js';

/** Operand widths of the general-purpose instructions. */
export const WIDTHS = [8, 16, 32, 64] as const;
export type Width = (typeof WIDTHS)[number];

/** Names of rax, rcx, rdx and rbx at each width. */
export const RAX: Record<Width, string> = { 8: 'al', 16: 'ax', 32: 'eax', 64: 'rax' };
export const RCX: Record<Width, string> = { 8: 'cl', 16: 'cx', 32: 'ecx', 64: 'rcx' };
export const RDX: Record<Width, string> = { 8: 'dl', 16: 'dx', 32: 'edx', 64: 'rdx' };
export const RBX: Record<Width, string> = { 8: 'bl', 16: 'bx', 32: 'ebx', 64: 'rbx' };
export const PTR: Record<Width, string> = { 8: 'byte ptr', 16: 'word ptr', 32: 'dword ptr', 64: 'qword ptr' };

/** Status flags all clear, and all set: every flag an instruction keeps or reads shows. */
export const FLAG_INPUTS = [0x202, 0x202 | 0x8d5] as const;

const NOISE = 0xa5c3_96f0_1e2d_4b78n;

/** A `bits`-wide value under noisy upper bits, so that what a narrow write keeps or zeroes shows. */
export function noisy(value: bigint, bits: number): bigint {
  const mask = (1n << BigInt(bits)) - 1n;
  return (NOISE & ~mask) | (value & mask);
}

/** The width's edge values, each under noisy upper bits. */
export function noisyEdges(bits: number): bigint[] {
  return edgeValues(bits).map((v) => noisy(v, bits));
}

/** Little-endian bytes of a 64-bit value, for `IsaInput.memory`. */
export function le64(value: bigint): number[] {
  return Array.from({ length: 8 }, (_, i) => Number((BigInt.asUintN(64, value) >> BigInt(8 * i)) & 0xffn));
}

/** Every combination of the given inputs with each flag input. */
export function withFlags(inputs: readonly IsaInput[]): IsaInput[] {
  return inputs.flatMap((input) => FLAG_INPUTS.map((rflags) => ({ ...input, rflags })));
}
