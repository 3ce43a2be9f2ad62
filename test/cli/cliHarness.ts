// What the CLI contract tests share: fixture paths, the native oracle, a small ELF reader that
// does not use ubp's own parser, a tiny executable builder, and the checks for ubp's errors.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { REPO_ROOT, type UbpResult } from '../support/runUbp.js';

/** Fixture directories, relative to the repository root (the cwd of every ubp run here). */
export const MUSL = 'test/fixtures/bin/x86-64/musl';
export const GLIBC = 'test/fixtures/bin/x86-64/glibc';
export const ARM64 = 'test/fixtures/bin/arm64';

/** The six strategies, in the order docs/cli.md lists them for `--strategy`. */
export const STRATEGIES = ['xol-vma', 'xol-page', 'emulate', 'xol-kernel', 'boosted', 'inline-hwbp'] as const;

/** The counter record of `ubp run --stats` (docs/cli.md), which compare's `details` holds too. */
export const COUNTER_FIELDS = [
  'hits', 'returnHits', 'consumerCalls', 'breakpointTraps', 'stepTraps', 'debugTraps', 'singleSteps', 'simulated', 'emulated', 'boostedHits',
  'stepFallbacks', 'privilegeSwitches', 'operandChecks', 'breakpointInstalls', 'textWrites', 'peakSlotsInUse', 'slotWaits', 'xolBytes',
  'visibleMappings', 'missedHits', 'debugRegisterFallbacks', 'rejectedProbes', 'modelledNsPerHit',
];

export function abs(relative: string): string {
  return path.join(REPO_ROOT, relative);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface NativeRun {
  readonly status: number | null;
  /** The signal name when a signal killed it. */
  readonly signal: NodeJS.Signals | null;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

/**
 * Runs a fixture on the host (they are static x86-64 Linux programs): the oracle for what
 * `ubp run` must print. argv[0] is the relative path ubp is given, the cwd the repository root.
 */
export function runNative(relative: string, args: readonly string[] = [], options: { stdin?: string | Uint8Array; env?: NodeJS.ProcessEnv } = {}): NativeRun {
  const result = spawnSync(abs(relative), args, {
    argv0: relative,
    cwd: REPO_ROOT,
    env: options.env ?? process.env,
    input: options.stdin ?? '',
    timeout: 30_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error !== undefined) throw new Error(`${relative} ${args.join(' ')} on the host: ${result.error.message}`);
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** Whether a host tool runs (`tool ARGS` exits 0); optional oracles are skipped without it. */
export function hostTool(tool: string, args: readonly string[] = ['--version']): boolean {
  const result = spawnSync(tool, args, { stdio: 'ignore', timeout: 20_000 });
  return result.error === undefined && result.status === 0;
}

/** The signal number of a signal name, as exit status 128 + N uses it. */
export function signalNumber(name: NodeJS.Signals): number {
  const n = os.constants.signals[name];
  if (n === undefined) throw new Error(`unknown signal ${name}`);
  return n;
}

/** No stack frame ("    at f (file:line)") anywhere in what ubp printed. */
export function expectNoStackTrace(result: UbpResult): void {
  expect(result.stderr).not.toMatch(/^\s+at .+/m);
  expect(result.stdout).not.toMatch(/^\s+at .+/m);
  expect(result.stderr).not.toContain('    at ');
  expect(result.stdout).not.toContain('    at ');
}

/** An error of ubp itself: exit 125, exactly one line `ubp: error: ...` on stderr, nothing on stdout. */
export function expectUbpError(result: UbpResult, message?: RegExp): void {
  expectNoStackTrace(result);
  expect(result.stderr).toMatch(/^ubp: error: [^\n]+\n$/);
  if (message !== undefined) expect(result.stderr).toMatch(message);
  expect(result.stdout).toBe('');
  expect(result.status).toBe(125);
}

export function parseJson<T = unknown>(result: UbpResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch (error) {
    throw new Error(`stdout is not JSON (status ${result.status}, stderr ${JSON.stringify(result.stderr)}): ${result.stdout.slice(0, 200)}`);
  }
}

/** A fresh temporary directory, removed by the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ubp-cli-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

// ---- A minimal ELF64 reader, independent of @ubp/core's parser ----

export interface ElfSection {
  readonly name: string;
  readonly type: number;
  readonly flags: bigint;
  readonly addr: number;
  readonly offset: number;
  readonly size: number;
}

export interface ElfSymbol {
  readonly name: string;
  readonly value: number;
  readonly size: number;
  /** STT_*: 0 notype, 1 object, 2 func. */
  readonly type: number;
  readonly shndx: number;
}

export interface ElfSummary {
  readonly machine: number;
  readonly entry: number;
  readonly sections: readonly ElfSection[];
  readonly symbols: readonly ElfSymbol[];
}

export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;
export const SHF_EXECINSTR = 4n;
const SHT_SYMTAB = 2;
const SHT_NOBITS = 8;

function cString(bytes: Buffer, at: number): string {
  const end = bytes.indexOf(0, at);
  return bytes.toString('latin1', at, end < 0 ? bytes.length : end);
}

/** The header fields, section headers and .symtab of a little-endian ELF64 file. */
export function readElf(file: string): ElfSummary {
  const b = fs.readFileSync(file);
  const machine = b.readUInt16LE(18);
  const entry = Number(b.readBigUInt64LE(24));
  const shoff = Number(b.readBigUInt64LE(40));
  const shentsize = b.readUInt16LE(58);
  const shnum = b.readUInt16LE(60);
  const shstrndx = b.readUInt16LE(62);
  const raw = Array.from({ length: shnum }, (_, i) => {
    const at = shoff + i * shentsize;
    return {
      nameOffset: b.readUInt32LE(at),
      type: b.readUInt32LE(at + 4),
      flags: b.readBigUInt64LE(at + 8),
      addr: Number(b.readBigUInt64LE(at + 16)),
      offset: Number(b.readBigUInt64LE(at + 24)),
      size: Number(b.readBigUInt64LE(at + 32)),
      link: b.readUInt32LE(at + 40),
      entsize: Number(b.readBigUInt64LE(at + 56)),
    };
  });
  const names = raw[shstrndx]!;
  const sections = raw.map((s) => ({ name: cString(b, names.offset + s.nameOffset), type: s.type, flags: s.flags, addr: s.addr, offset: s.offset, size: s.size }));
  const symbols: ElfSymbol[] = [];
  const symtab = raw.find((s) => s.type === SHT_SYMTAB);
  if (symtab !== undefined) {
    const strtab = raw[symtab.link]!;
    for (let at = symtab.offset; at + 24 <= symtab.offset + symtab.size; at += symtab.entsize || 24) {
      symbols.push({
        name: cString(b, strtab.offset + b.readUInt32LE(at)),
        type: b[at + 4]! & 0xf,
        shndx: b.readUInt16LE(at + 6),
        value: Number(b.readBigUInt64LE(at + 8)),
        size: Number(b.readBigUInt64LE(at + 16)),
      });
    }
  }
  return { machine, entry, sections, symbols };
}

/** The executable sections objdump -d disassembles. */
export function executableSections(elf: ElfSummary): ElfSection[] {
  return elf.sections.filter((s) => (s.flags & SHF_EXECINSTR) !== 0n && s.type !== SHT_NOBITS && s.size > 0);
}

export function symbolOf(elf: ElfSummary, name: string): ElfSymbol {
  const symbol = elf.symbols.find((s) => s.name === name && s.shndx !== 0);
  if (symbol === undefined) throw new Error(`no symbol ${name}`);
  return symbol;
}

export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

// ---- A tiny static x86-64 executable, for a guest that faults ----

export const TINY_BASE = 0x400000;

/**
 * A static ET_EXEC whose one PT_LOAD (R+X) maps the whole file at TINY_BASE and whose entry is
 * `code`, covered by a function symbol `symbol` in .symtab. Returns the bytes and the entry.
 */
export function tinyExecutable(code: Uint8Array, symbol: string): { bytes: Buffer; entry: number } {
  const ehdrSize = 64;
  const phdrSize = 56;
  const codeOffset = ehdrSize + phdrSize;
  const entry = TINY_BASE + codeOffset;
  const shstrtab = Buffer.from('\0.text\0.symtab\0.strtab\0.shstrtab\0', 'latin1');
  const strtab = Buffer.from(`\0${symbol}\0`, 'latin1');
  const symtab = Buffer.alloc(48);
  // Symbol 1: GLOBAL FUNC in section 1 (.text).
  symtab.writeUInt32LE(1, 24);
  symtab[28] = (1 << 4) | 2;
  symtab.writeUInt16LE(1, 30);
  symtab.writeBigUInt64LE(BigInt(entry), 32);
  symtab.writeBigUInt64LE(BigInt(code.length), 40);
  const parts: Buffer[] = [Buffer.alloc(ehdrSize), Buffer.alloc(phdrSize), Buffer.from(code)];
  let size = codeOffset + code.length;
  const place = (data: Buffer): number => {
    const pad = (8 - (size % 8)) % 8;
    parts.push(Buffer.alloc(pad), data);
    size += pad;
    const at = size;
    size += data.length;
    return at;
  };
  const symtabAt = place(symtab);
  const strtabAt = place(strtab);
  const shstrtabAt = place(shstrtab);
  const sections = Buffer.alloc(5 * 64);
  const section = (i: number, name: number, type: number, flags: number, addr: number, offset: number, length: number, link: number, entsize: number) => {
    const at = i * 64;
    sections.writeUInt32LE(name, at);
    sections.writeUInt32LE(type, at + 4);
    sections.writeBigUInt64LE(BigInt(flags), at + 8);
    sections.writeBigUInt64LE(BigInt(addr), at + 16);
    sections.writeBigUInt64LE(BigInt(offset), at + 24);
    sections.writeBigUInt64LE(BigInt(length), at + 32);
    sections.writeUInt32LE(link, at + 40);
    sections.writeUInt32LE(type === SHT_SYMTAB ? 2 : 0, at + 44); // sh_info: first global symbol
    sections.writeBigUInt64LE(1n, at + 48);
    sections.writeBigUInt64LE(BigInt(entsize), at + 56);
  };
  section(1, 1, 1, 0x6, entry, codeOffset, code.length, 0, 0); // .text: PROGBITS, ALLOC|EXECINSTR
  section(2, 7, SHT_SYMTAB, 0, 0, symtabAt, symtab.length, 3, 24);
  section(3, 15, 3, 0, 0, strtabAt, strtab.length, 0, 0);
  section(4, 23, 3, 0, 0, shstrtabAt, shstrtab.length, 0, 0);
  const shoff = place(sections);
  const bytes = Buffer.concat(parts);
  // ELF header.
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(bytes, 0);
  bytes.writeUInt16LE(2, 16); // ET_EXEC
  bytes.writeUInt16LE(EM_X86_64, 18);
  bytes.writeUInt32LE(1, 20);
  bytes.writeBigUInt64LE(BigInt(entry), 24);
  bytes.writeBigUInt64LE(BigInt(ehdrSize), 32);
  bytes.writeBigUInt64LE(BigInt(shoff), 40);
  bytes.writeUInt16LE(ehdrSize, 52);
  bytes.writeUInt16LE(phdrSize, 54);
  bytes.writeUInt16LE(1, 56);
  bytes.writeUInt16LE(64, 58);
  bytes.writeUInt16LE(5, 60);
  bytes.writeUInt16LE(4, 62);
  // PT_LOAD, R+X, the whole file at TINY_BASE.
  bytes.writeUInt32LE(1, ehdrSize);
  bytes.writeUInt32LE(5, ehdrSize + 4);
  bytes.writeBigUInt64LE(0n, ehdrSize + 8);
  bytes.writeBigUInt64LE(BigInt(TINY_BASE), ehdrSize + 16);
  bytes.writeBigUInt64LE(BigInt(TINY_BASE), ehdrSize + 24);
  bytes.writeBigUInt64LE(BigInt(bytes.length), ehdrSize + 32);
  bytes.writeBigUInt64LE(BigInt(bytes.length), ehdrSize + 40);
  bytes.writeBigUInt64LE(0x1000n, ehdrSize + 48);
  return { bytes, entry };
}
