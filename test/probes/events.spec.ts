import fs from 'node:fs';
import { ProbeError, STRATEGY_NAMES } from '@ubp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureBinary } from '../support/fixtureManifest.js';
import { fixtureEntry, openFixture } from '../support/fixtureSession.js';
import { nmSymbols, objdumpFunctions } from '../support/objdumpFunctions.js';

/**
 * uprobe_events on a real run of the musl demo: trace lines in the kernel's format
 * (`EVENT: (0xADDR) name=value`, `EVENT: (0xRET <- 0xFUNC) name=value`, after the
 * trace_print_context prefix), with every value computed here from the program's source, its
 * ELF file and objdump, not from the probe layer.
 */

const BINARY = fixtureBinary(fixtureEntry('demo'), 'musl');
const FILE = fs.readFileSync(BINARY);
/** demo.c's words, in the order main checksums them. */
const WORDS = ['probe', 'emulator', 'x86-64', 'static', 'musl', 'glibc'];

/** The file's PT_LOAD segments, read with a DataView (ELF64 little-endian). */
function loadSegments(): Array<{ offset: number; vaddr: number; filesz: number }> {
  const view = new DataView(FILE.buffer, FILE.byteOffset, FILE.byteLength);
  const phoff = Number(view.getBigUint64(0x20, true));
  const phentsize = view.getUint16(0x36, true);
  const phnum = view.getUint16(0x38, true);
  const segments = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (view.getUint32(at, true) !== 1) continue;
    segments.push({ offset: Number(view.getBigUint64(at + 8, true)), vaddr: Number(view.getBigUint64(at + 16, true)), filesz: Number(view.getBigUint64(at + 32, true)) });
  }
  return segments;
}

function fileOffsetOf(address: number): number {
  const segment = loadSegments().find((s) => address >= s.vaddr && address < s.vaddr + s.filesz);
  if (segment === undefined) throw new Error(`0x${address.toString(16)} is not in the file`);
  return segment.offset + address - segment.vaddr;
}

function addressOfFileOffset(offset: number): number {
  const segment = loadSegments().find((s) => offset >= s.offset && offset < s.offset + s.filesz);
  if (segment === undefined) throw new Error(`file offset 0x${offset.toString(16)} is not loaded`);
  return segment.vaddr + offset - segment.offset;
}

/** Where a NUL-terminated string sits in the loaded image (its first occurrence in the file). */
function addressOfString(text: string): number {
  const offset = FILE.indexOf(Buffer.from(`\0${text}\0`, 'latin1'));
  if (offset < 0) throw new Error(`no string '${text}' in the file`);
  return addressOfFileOffset(offset + 1);
}

const symbol = (name: string) => nmSymbols(BINARY).find((s) => s.name === name)!.address;

/** The address after each `call <target>` in `caller`, from objdump. */
function returnAddresses(caller: string, target: string): number[] {
  const [fn] = objdumpFunctions(BINARY, [caller]);
  return fn!.instructions.filter((i) => i.text.startsWith('call') && i.text.endsWith(`<${target}>`)).map((i) => i.address + i.bytes.length);
}

/** demo.c's checksum (djb2 with *33). */
function checksum(s: string): number {
  let h = 5381;
  for (const c of Buffer.from(s, 'latin1')) h = (Math.imul(h, 33) + c) >>> 0;
  return h;
}

const hex = (value: number | bigint) => `0x${value.toString(16)}`;
/** trace_print_context: comm right-aligned in 16, '-', pid left-aligned in 7, CPU, flags, seconds.micros. */
const CONTEXT = /^ {12}demo-(\d+) {4,} \[000\] \.\.\.\.\. +\d+\.\d{6}: /;

async function traced(definitions: readonly string[], strategy: (typeof STRATEGY_NAMES)[number] = 'xol-vma'): Promise<{ lines: string[]; pid: number; stdout: string }> {
  const fixture = await openFixture('demo', 'musl', strategy);
  const lines: string[] = [];
  for (const definition of definitions) fixture.session.event(definition, (line) => lines.push(line));
  const outcome = fixture.finish();
  expect(outcome.status).toBe(0);
  return { lines, pid: fixture.session.process.pid, stdout: outcome.stdout };
}

/** The part of a trace line after the context, checking the context on the way. */
function event(line: string, pid: number): string {
  const context = CONTEXT.exec(line);
  expect(context, line).not.toBeNull();
  expect(Number(context![1])).toBe(pid);
  expect(line.endsWith('\n')).toBe(true);
  return line.slice(context![0].length, -1);
}

describe('uprobe events on demo (musl)', () => {
  let checksumAt = 0;
  beforeAll(() => {
    checksumAt = symbol('checksum');
  });

  it('traces an entry probe with %di and a string argument', async () => {
    // c2 is the last byte of the call instruction before the return address at [rsp].
    const [back] = returnAddresses('main', 'checksum');
    const { lines, pid } = await traced(['p:demo/checksum demo:checksum p=%di:x64 s=+0(%di):string c=+0(%di):u8 c1=+1(%di):u8 c2=-1(+0($stack)):x8']);
    expect(lines.map((line) => event(line, pid))).toEqual(
      WORDS.map((w) => `checksum: (${hex(checksumAt)}) p=${hex(addressOfString(w))} s="${w}" c=${w.charCodeAt(0)} c1=${w.charCodeAt(1)} c2=${hex(FILE[fileOffsetOf(back! - 1)]!)}`),
    );
  });

  it('traces a return probe with $retval: (0xRET <- 0xFUNC)', async () => {
    const [back] = returnAddresses('main', 'checksum');
    const { lines, pid } = await traced(['r:demo/checksum_ret demo:checksum $retval:u64 rv=$retval:x32 low=$retval:u8 neg=$retval:s32']);
    expect(lines.map((line) => event(line, pid))).toEqual(
      WORDS.map((w) => `checksum_ret: (${hex(back!)} <- ${hex(checksumAt)}) arg1=${checksum(w)} rv=${hex(checksum(w))} low=${checksum(w) & 0xff} neg=${checksum(w) | 0}`),
    );
  });

  it('prints an argument given no type as x64, the kernel default on 64-bit', async () => {
    const { lines, pid } = await traced(['r:demo/checksum_ret demo:checksum $retval']);
    expect(lines.map((line) => event(line, pid))).toEqual(WORDS.map((w) => `checksum_ret: (${hex(returnAddresses('main', 'checksum')[0]!)} <- ${hex(checksumAt)}) arg1=${hex(checksum(w))}`));
  });

  it('places PATH:OFFSET at a file offset, and names the event p_demo_0x<offset>', async () => {
    const offset = fileOffsetOf(checksumAt);
    expect(offset).not.toBe(checksumAt);
    const { lines, pid } = await traced([`p demo:${hex(offset)} %di:x64 $comm`]);
    expect(lines.map((line) => event(line, pid))).toEqual(WORDS.map((w) => `p_demo_${hex(offset)}: (${hex(checksumAt)}) arg1=${hex(addressOfString(w))} arg2="demo"`));
  });

  it('fetches @ADDR, @+OFFSET, $stack, $stackN and nested dereferences at fib\'s entry', async () => {
    const gain = symbol('gain');
    const gainBits = new DataView(FILE.buffer, FILE.byteOffset + fileOffsetOf(gain), 8).getBigUint64(0, true);
    expect(gainBits).toBe(0x3ffc000000000000n); // 1.75
    const fromMain = new Set(returnAddresses('main', 'fib'));
    const { lines, pid } = await traced([`p:demo/fib demo:fib n=%di:s32 g=@${hex(gain)}:x64 gf=@+${hex(fileOffsetOf(gain))}:x64 ret=$stack0:x64 sp=$stack:x64 top=+0($stack):x64 code=+0(+0($stack)):x8`]);
    const fibAt = symbol('fib');
    const parsed = lines.map((line) => {
      const match = /^fib: \((0x[0-9a-f]+)\) n=(-?\d+) g=(0x[0-9a-f]+) gf=(0x[0-9a-f]+) ret=(0x[0-9a-f]+) sp=(0x[0-9a-f]+) top=(0x[0-9a-f]+) code=(0x[0-9a-f]+)$/.exec(event(line, pid));
      expect(match, line).not.toBeNull();
      return match!.slice(1);
    });
    expect(parsed.length).toBeGreaterThan(1000);
    for (const [at, n, g, gf, ret, sp, top, code] of parsed) {
      expect([at, g, gf, top]).toEqual([hex(fibAt), hex(gainBits), hex(gainBits), ret]);
      expect(Number(n)).toBeGreaterThanOrEqual(0);
      expect(Number(n)).toBeLessThanOrEqual(20);
      expect(BigInt(sp!) % 8n).toBe(0n);
      // The byte at the return address, read through two dereferences, is the file's byte there.
      expect(Number(code)).toBe(FILE[fileOffsetOf(Number(ret))]);
    }
    // main calls fib(0), fib(5) ... fib(20), in that order.
    expect(parsed.filter(([, , , , ret]) => fromMain.has(Number(ret))).map(([, n]) => Number(n))).toEqual([0, 5, 10, 15, 20]);
  });

  it.each(STRATEGY_NAMES)('gives the same trace under %s', async (strategy) => {
    const definitions = ['p:demo/checksum demo:checksum s=+0(%di):string', 'r:demo/checksum_ret demo:checksum rv=$retval:x32'];
    const reference = await traced(definitions);
    const { lines, pid } = await traced(definitions, strategy);
    expect(lines.map((line) => event(line, pid))).toEqual(reference.lines.map((line) => event(line, reference.pid)));
    expect(lines).toHaveLength(12);
  });

  it('refuses an event on another file, or on a file offset that is not loaded', async () => {
    const { session } = await openFixture('demo', 'musl');
    expect(() => session.event('p:e /bin/other:0x1350', () => {})).toThrow(new ProbeError('uprobe event path /bin/other is not the program (/demo)'));
    expect(() => session.event('p:e demo:0x999999', () => {})).toThrow(new ProbeError('file offset 0x999999 of demo is not in a loaded segment'));
    expect(() => session.event('p:e demo:nosuch', () => {})).toThrow(ProbeError);
  });
});
