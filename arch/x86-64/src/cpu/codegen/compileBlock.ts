import { type GuestMemory, type VirtualClock } from '@ubp/core';
import { decodeX86, MAX_INSTRUCTION_BYTES } from '../../decode/decodeX86.js';
import { FlowControl } from '../../decode/iced.js';
import { type X86Insn } from '../../decode/X86Insn.js';
import { emitterFor, mayFault, writesFlagsUnconditionally } from '../dispatch/dispatchTable.js';
import { CONDITIONS } from '../flags/conditions.js';
import { stackAccesses } from '../runtime/faults.js';
import { runtime } from '../runtime/runtime.js';
import { type Block, type BlockFunction } from './Block.js';
import { BlockBuilder } from './BlockBuilder.js';
import { type FetchedCode, fetchCode } from './fetchCode.js';
import { flagLiveness } from './flagLiveness.js';

/** Longest block, so that one runaway block cannot starve the instruction budget. */
export const MAX_BLOCK_INSTRUCTIONS = 64;

type Factory = (M: GuestMemory, H: typeof runtime, C: typeof CONDITIONS, K: unknown[], E: VirtualClock) => BlockFunction;

function endsBlock(insn: X86Insn, pageEnd: number): boolean {
  return insn.flow !== FlowControl.Next || insn.next >= pageEnd || emitterFor(insn.code) === undefined;
}

/**
 * Translates the instructions starting at `address` into one JavaScript function. The block
 * ends at the first control transfer, unsupported instruction, page end, or `limit` instructions.
 * Throws GuestFault when `address` is not executable. `code` replaces the fetch (the emulator runs
 * bytes that are not in memory: the original instruction under a breakpoint). `E` in the generated code is `clock`.
 */
export function compileBlock(memory: GuestMemory, address: number, limit: number, clock: VirtualClock, code: FetchedCode = fetchCode(memory, address)): Block {
  const { bytes, pageEnd } = code;
  const { instructions, stop } = decodeX86(bytes, address, limit, (insn) => endsBlock(insn, pageEnd));
  const live = flagLiveness(instructions, mayFault, writesFlagsUnconditionally);
  const b = new BlockBuilder();
  const addresses = instructions.map((insn) => insn.address);
  const addressTable = b.constant(addresses);
  const stackTable = b.constant(instructions.map(stackAccesses));
  for (let i = 0; i < instructions.length && !b.ended; i++) {
    const insn = instructions[i]!;
    const emit = emitterFor(insn.code);
    b.begin(insn, i, live[i]!, emit === undefined || mayFault(insn));
    const start = b.mark();
    try {
      if (emit === undefined) throw new Error('no emitter');
      emit(b);
    } catch {
      // An emitter refuses operand forms it does not implement (segment or control registers...).
      b.rewind(start);
      if (i > 0) b.line(`n = ${i};`);
      b.line(`throw H.unsupported(${insn.address}, ${b.constant(insn.bytes)});`);
      b.ended = true;
    }
  }
  const next = instructions.length === 0 ? address : instructions[instructions.length - 1]!.next;
  if (!b.ended) {
    if (stop === 'invalid') {
      addresses.push(next);
      b.line(`n = ${instructions.length};`);
      b.line(`throw H.invalid(${next});`);
    } else if (stop === 'truncated' && instructions.length === 0) {
      addresses.push(address);
      b.line(`M.pageFor(${pageEnd}, 'exec');`);
      b.line(`throw H.invalid(${address});`);
    } else {
      b.exitTo(String(next), instructions.length);
    }
  }
  // An undecodable instruction depends on up to MAX_INSTRUCTION_BYTES of what follows: a write there must retire the block.
  const end = stop === 'invalid' || stop === 'truncated' ? Math.min(next + MAX_INSTRUCTION_BYTES, address + bytes.length) : next;
  const body = `"use strict";\nreturn function block_${address < 0 ? 'k' : ''}${Math.abs(address).toString(16)}(s) {\nconst R = s.r, F = s.F;\nlet n = 0;\ntry {\n${b.source}\n} catch (e) { return H.fault(s, e, n, ${addressTable}, ${stackTable}); }\n};`;
  const factory = new Function('M', 'H', 'C', 'K', 'E', body) as Factory;
  return {
    run: factory(memory, runtime, CONDITIONS, b.constants, clock),
    start: address,
    end: Math.max(end, address + 1),
    instructions: instructions.length,
    code: bytes.slice(0, Math.max(end, address + 1) - address),
  };
}
