// `ubp analyze --json` (docs/cli.md): every instruction of the executable sections (or of the
// named functions) with each strategy's verdict; the architecture comes from e_machine.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runUbp } from '../support/runUbp.js';
import { abs, ARM64, EM_AARCH64, EM_X86_64, executableSections, expectNoStackTrace, hex, hostTool, MUSL, parseJson, readElf, STRATEGIES, symbolOf } from './cliHarness.js';

const ACTIONS = ['simulate', 'step', 'emulate', 'boost', 'inline'];

interface Verdict {
  accepted: boolean;
  action?: string;
  fixups: string[];
  reason?: string;
  note?: string;
}
interface Instruction {
  address: string;
  bytes: string;
  text: string;
  strategies: Record<string, Verdict>;
}
interface Analysis {
  arch: string;
  instructions: Instruction[];
  summary: Record<string, { accepted: number; refused: number }>;
}

function analyze(args: readonly string[]): Analysis {
  const ubp = runUbp(['analyze', '--json', ...args]);
  expectNoStackTrace(ubp);
  expect(ubp.stderr).toBe('');
  expect(ubp.status).toBe(0);
  return parseJson<Analysis>(ubp);
}

/** The documented shape, checked on every instruction, and a summary that adds up. */
function expectWellFormed(report: Analysis): void {
  expect(Object.keys(report).sort()).toEqual(['arch', 'instructions', 'summary']);
  expect(report.instructions.length).toBeGreaterThan(0);
  const accepted = Object.fromEntries(STRATEGIES.map((s) => [s, 0]));
  const problems: string[] = [];
  for (const i of report.instructions) {
    const where = `${i.address} ${i.text}`;
    if (Object.keys(i).sort().join() !== 'address,bytes,strategies,text') problems.push(`${where}: fields ${Object.keys(i).join()}`);
    if (!/^0x[0-9a-f]+$/.test(i.address) || !/^([0-9a-f]{2})+$/.test(i.bytes) || typeof i.text !== 'string' || i.text === '') problems.push(`${where}: address, bytes or text`);
    if (Object.keys(i.strategies).sort().join() !== [...STRATEGIES].sort().join()) problems.push(`${where}: strategies ${Object.keys(i.strategies).join()}`);
    for (const s of STRATEGIES) {
      const v = i.strategies[s];
      if (v === undefined) continue;
      if (v.accepted === true) {
        accepted[s]!++;
        if (!ACTIONS.includes(v.action ?? '') || !Array.isArray(v.fixups) || (v.note !== undefined && typeof v.note !== 'string') || 'reason' in v) problems.push(`${where}: ${s} accepted ${JSON.stringify(v)}`);
      } else if (v.accepted === false) {
        if (Object.keys(v).sort().join() !== 'accepted,fixups,reason' || v.fixups.length !== 0 || typeof v.reason !== 'string' || v.reason === '') problems.push(`${where}: ${s} refused ${JSON.stringify(v)}`);
      } else problems.push(`${where}: ${s} ${JSON.stringify(v)}`);
    }
    if (problems.length > 20) break;
  }
  expect(problems).toEqual([]);
  expect(Object.keys(report.summary).sort()).toEqual([...STRATEGIES].sort());
  for (const s of STRATEGIES) {
    expect(report.summary[s], s).toEqual({ accepted: accepted[s], refused: report.instructions.length - accepted[s]! });
    expect(report.summary[s]!.accepted + report.summary[s]!.refused).toBe(report.instructions.length);
  }
}

/** Instructions follow each other: each starts where the previous one's bytes end. */
function expectContiguous(instructions: readonly Instruction[], start: number, end: number): void {
  let at = start;
  for (const i of instructions) {
    if (parseInt(i.address, 16) !== at) expect(i.address).toBe(hex(at));
    at += i.bytes.length / 2;
  }
  expect(hex(at)).toBe(hex(end));
}

describe('ubp analyze --json --symbol main on an x86-64 fixture', () => {
  const program = `${MUSL}/demo`;
  const elf = readElf(abs(program));
  const main = symbolOf(elf, 'main');
  let report: Analysis;

  beforeAll(() => {
    report = analyze(['--symbol', 'main', program]);
  }, 60_000);

  it('says x86-64, as e_machine does', () => {
    expect(elf.machine).toBe(EM_X86_64);
    expect(report.arch).toBe('x86-64');
  });

  it('gives every instruction its address, bytes, text and the verdict of all six strategies; the summary adds up', () => {
    expectWellFormed(report);
  });

  it('covers exactly main, with the bytes the file holds', () => {
    expectContiguous(report.instructions, main.value, main.value + main.size);
    const file = fs.readFileSync(abs(program));
    const text = elf.sections.find((s) => s.addr <= main.value && main.value < s.addr + s.size)!;
    for (const i of report.instructions) {
      const at = text.offset + (parseInt(i.address, 16) - text.addr);
      expect(i.bytes, i.address).toBe(file.subarray(at, at + i.bytes.length / 2).toString('hex'));
    }
  });

  it.skipIf(!hostTool('objdump'))('finds the instruction boundaries GNU objdump finds (needs objdump)', () => {
    const out = spawnSync('objdump', ['-d', '--no-show-raw-insn', `--start-address=${hex(main.value)}`, `--stop-address=${hex(main.value + main.size)}`, abs(program)], { encoding: 'utf8' }).stdout;
    const addresses = [...out.matchAll(/^\s+([0-9a-f]+):\t/gm)].map((m) => hex(parseInt(m[1]!, 16)));
    expect(report.instructions.map((i) => i.address)).toEqual(addresses);
  });
});

/** objdump-counts.json: what `aarch64-linux-gnu-objdump -d -z` lists per executable section (test/fixtures/arm64/build.sh). */
type SectionCounts = Record<string, { instructions: number; data: number }>;
const committedCounts = JSON.parse(fs.readFileSync(abs('test/fixtures/arm64/objdump-counts.json'), 'utf8')) as Record<string, SectionCounts>;

/** One line per 4-byte word of each executable section, as build.sh counts them: address and word. */
function objdumpWords(program: string): { counts: SectionCounts; words: Array<{ address: string; word: string }> } {
  const out = spawnSync('aarch64-linux-gnu-objdump', ['-d', '-z', abs(program)], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 }).stdout;
  const counts: SectionCounts = {};
  const words: Array<{ address: string; word: string }> = [];
  let section = '';
  for (const line of out.split('\n')) {
    const header = /^Disassembly of section (.+):$/.exec(line);
    if (header !== null) {
      section = header[1]!;
      counts[section] = { instructions: 0, data: 0 };
      continue;
    }
    const m = /^ +([0-9a-f]+):\t([0-9a-f ]+)\t(.*)$/.exec(line);
    if (m === null) continue;
    const data = /^\.(word|short|byte)/.test(m[3]!.split('\t')[0]!.trim());
    counts[section]![data ? 'data' : 'instructions']++;
    words.push({ address: hex(parseInt(m[1]!, 16)), word: m[2]!.trim() });
  }
  return { counts, words };
}

describe.each(['dispatch', 'float_math'])('ubp analyze --json on the whole arm64 %s', (name) => {
  const program = `${ARM64}/${name}`;
  const elf = readElf(abs(program));
  const counts = committedCounts[name]!;
  let report: Analysis;

  beforeAll(() => {
    report = analyze([program]);
  }, 60_000);

  it('says arm64, as e_machine does', () => {
    expect(elf.machine).toBe(EM_AARCH64);
    expect(report.arch).toBe('arm64');
  });

  it('gives every instruction its address, bytes, text and the verdict of all six strategies; the summary adds up', () => {
    expectWellFormed(report);
    for (const i of report.instructions) if (i.bytes.length !== 8) expect(`${i.address}: ${i.bytes}`).toBe('a 4-byte word');
  });

  it('lists as many words per executable section as objdump-counts.json records (instructions and data words)', () => {
    const sections = executableSections(elf);
    expect(sections.map((s) => s.name)).toEqual(Object.keys(counts));
    const perSection = Object.fromEntries(
      sections.map((s) => {
        const inside = report.instructions.filter((i) => parseInt(i.address, 16) >= s.addr && parseInt(i.address, 16) < s.addr + s.size);
        expectContiguous(inside, s.addr, s.addr + s.size);
        return [s.name, inside.length];
      }),
    );
    expect(perSection).toEqual(Object.fromEntries(Object.entries(counts).map(([s, c]) => [s, c.instructions + c.data])));
    const total = Object.values(counts).reduce((n, c) => n + c.instructions + c.data, 0);
    expect(report.instructions.length).toBe(total);
  });

  it.skipIf(!hostTool('aarch64-linux-gnu-objdump'))(
    'decodes the words aarch64-linux-gnu-objdump lists, and the committed counts are what it counts now (needs aarch64-linux-gnu-objdump)',
    () => {
      const live = objdumpWords(program);
      expect(live.counts).toEqual(counts);
      expect(report.instructions.map((i) => i.address)).toEqual(live.words.map((w) => w.address));
      // objdump prints each word as a number; analyze prints the bytes in memory (little-endian) order.
      const mismatched = report.instructions.filter((i, k) => Buffer.from(i.bytes, 'hex').reverse().toString('hex') !== live.words[k]!.word);
      expect(mismatched.slice(0, 5)).toEqual([]);
    },
  );
});
