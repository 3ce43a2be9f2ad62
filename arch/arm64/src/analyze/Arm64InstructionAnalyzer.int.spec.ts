import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type DecodedInstruction, type ElfFile, parseElf, SHF_EXECINSTR, SHT_PROGBITS } from '@ubp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CapstoneInstructionDecoder, createCapstoneDecoder } from '../decode/CapstoneInstructionDecoder.js';
import { readWord } from '../encoding/fields.js';
import { Arm64InstructionAnalyzer } from './Arm64InstructionAnalyzer.js';
import { type A64Verdict, classifyA64 } from './classifyA64.js';

// Decodes and analyses every word of the executable sections of the arm64 fixtures, and checks
// the count against aarch64-linux-gnu-objdump -d -z (when it is installed) or against the counts
// test/fixtures/arm64/build.sh recorded from it.

const FIXTURES = ['atomics', 'dispatch', 'float_math', 'text_loop'];
const fixturePath = (name: string) => fileURLToPath(new URL(`../../../../test/fixtures/bin/arm64/${name}`, import.meta.url));
const recordedCounts = new URL('../../../../test/fixtures/arm64/objdump-counts.json', import.meta.url);
const OBJDUMP = 'aarch64-linux-gnu-objdump';

interface SectionCount {
  instructions: number;
  data: number;
}

/** What objdump lists: words per section, and the address each instruction names (`<symbol>`). */
interface Listing {
  readonly sections: Record<string, SectionCount>;
  readonly namedAddresses: ReadonlyMap<number, number> | undefined;
}

const objdumpInstalled = spawnSync(OBJDUMP, ['--version']).status === 0;

function objdumpListing(path: string): Listing {
  const run = spawnSync(OBJDUMP, ['-d', '-z', path], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${OBJDUMP} failed: ${run.stderr}`);
  const sections: Record<string, SectionCount> = {};
  const namedAddresses = new Map<number, number>();
  let section: SectionCount | undefined;
  for (const line of run.stdout.split('\n')) {
    const header = /^Disassembly of section (.+):$/.exec(line);
    if (header !== null) section = sections[header[1]!] = { instructions: 0, data: 0 };
    const insn = /^ +([0-9a-f]+):\t[0-9a-f]{8} \t(\S+)\t?(.*)$/.exec(line);
    if (insn === null || section === undefined) continue;
    if (/^\.(word|short|byte)/.test(insn[2]!)) {
      section.data++;
      continue;
    }
    section.instructions++;
    const named = /([0-9a-f]+) <[^>]*>$/.exec(insn[3]!);
    if (named !== null) namedAddresses.set(parseInt(insn[1]!, 16), parseInt(named[1]!, 16));
  }
  return { sections, namedAddresses };
}

function expectedListing(name: string, path: string): Listing {
  if (objdumpInstalled) return objdumpListing(path);
  const counts = JSON.parse(readFileSync(recordedCounts, 'utf8')) as Record<string, Record<string, SectionCount>>;
  return { sections: counts[name]!, namedAddresses: undefined };
}

/** The data ranges of a section, from its $d/$x mapping symbols (AAELF64 mapping symbols). */
function dataRanges(elf: ElfFile, index: number, end: number): Array<[number, number]> {
  const marks = elf.symbols
    .filter((s) => s.sectionIndex === index && /^\$[dx](\.|$)/.test(s.name))
    .sort((a, b) => a.value - b.value);
  const ranges: Array<[number, number]> = [];
  marks.forEach((mark, i) => {
    if (mark.name.startsWith('$d')) ranges.push([mark.value, marks[i + 1]?.value ?? end]);
  });
  return ranges;
}

interface Tally {
  readonly sections: Record<string, SectionCount>;
  readonly undecoded: number[];
  readonly classes: Map<string, { verdict: A64Verdict; count: number }>;
}

/** Decodes every word of the executable sections, counting, and shows each instruction to `visit`. */
function tally(decoder: CapstoneInstructionDecoder, path: string, visit: (insn: DecodedInstruction) => void): Tally {
  const bytes = new Uint8Array(readFileSync(path));
  const elf = parseElf(bytes, path);
  const result: Tally = { sections: {}, undecoded: [], classes: new Map() };
  for (const section of elf.sections) {
    if (section.type !== SHT_PROGBITS || (section.flags & SHF_EXECINSTR) === 0) continue;
    const count = (result.sections[section.name] = { instructions: 0, data: 0 });
    const data = dataRanges(elf, section.index, section.addr + section.size);
    for (let offset = 0; offset + 4 <= section.size; offset += 4) {
      const address = section.addr + offset;
      if (data.some(([start, end]) => address >= start && address < end)) {
        count.data++;
        continue;
      }
      count.instructions++;
      const insn = decoder.decode(bytes.subarray(section.offset + offset, section.offset + offset + 4), address);
      if (insn === undefined) {
        result.undecoded.push(address);
        continue;
      }
      visit(insn);
      const kind = classifyA64(readWord(insn.bytes));
      const entry = result.classes.get(kind.name) ?? { verdict: kind.verdict, count: 0 };
      entry.count++;
      result.classes.set(kind.name, entry);
    }
  }
  return result;
}

/** The mnemonics capstone gives each class that is not stepped: a cross-check of the encoding masks. */
const MNEMONICS: Record<string, RegExp> = {
  NOP: /^nop$/,
  'B.cond': /^b\.[a-z]{2}$/,
  'CBZ/CBNZ': /^cbn?z$/,
  'TBZ/TBNZ': /^tbn?z$/,
  'ADR/ADRP': /^adrp?$/,
  'B/BL': /^bl?$/,
  'BR/BLR/RET': /^(br|blr|ret)$/,
  branch: /^(braa|brab|braaz|brabz|blraa|blrab|blraaz|blrabz|retaa|retab)$/,
  'MSR (immediate)': /^(msr|cfinv|xaflag|axflag)$/,
  'MSR (register)': /^msr$/,
  'exception generating': /^(svc|hvc|smc|brk|hlt|dcps[123])$/,
  'exception return': /^eret(aa|ab)?$/,
  'MRS DAIF': /^mrs$/,
  hint: /^(hint|yield|wfe|wfi|sevl?|esb|psb|tsb|csdb|dgh|autia1716|autib1716|autiaz|autiasp|autibz|autibsp)$/,
  'LDR/LDRSW (literal)': /^(ldr|ldrsw)$/,
  'PRFM (literal)': /^prfm$/,
  'LDR (literal, SIMD&FP)': /^ldr$/,
  'load/store exclusive': /^((ld|st)[al]?x[rp][bh]?|casp(a|l|al)?)$/,
  'memory copy/set': /^(cpy|set)/,
  'BC.cond': /^bc\./,
};

const BRANCHING = /^(b|bl|br|blr|ret|cbn?z|tbn?z|b\..+|adrp?|eret|bra.*|blra.*|reta.*)$/;

let decoder: CapstoneInstructionDecoder;
const analyzer = new Arm64InstructionAnalyzer();
const tallies = new Map<string, Tally>();

/** A fixture's counts, from its own test when that ran. */
function tallyOf(name: string): Tally {
  return tallies.get(name) ?? tally(decoder, fixturePath(name), () => {});
}

beforeAll(async () => {
  decoder = await createCapstoneDecoder();
});

function printTable(name: string, classes: Tally['classes']): void {
  const rows = [...classes].sort((a, b) => b[1].count - a[1].count);
  const total = rows.reduce((sum, [, c]) => sum + c.count, 0);
  const lines = rows.map(([cls, { verdict, count }]) => `  ${verdict.padEnd(8)} ${String(count).padStart(7)}  ${cls}`);
  console.log(`${name}: ${total} instructions\n${lines.join('\n')}`);
}

function totalsOf(tallied: Tally[]): Tally['classes'] {
  const totals: Tally['classes'] = new Map();
  for (const [cls, entry] of tallied.flatMap((t) => [...t.classes])) {
    const sum = totals.get(cls) ?? { verdict: entry.verdict, count: 0 };
    sum.count += entry.count;
    totals.set(cls, sum);
  }
  return totals;
}

describe('Arm64InstructionAnalyzer on the arm64 fixtures', () => {
  for (const name of FIXTURES) {
    it(`should decode and analyse every instruction objdump lists in ${name}`, () => {
      const expected = expectedListing(name, fixturePath(name));
      let compared = 0;
      const result = tally(decoder, fixturePath(name), (insn) => {
        const kind = classifyA64(readWord(insn.bytes));
        const analysis = analyzer.analyze(insn);
        expect(analysis.refusal === undefined, insn.text).toBe(kind.verdict !== 'refuse');
        if (kind.verdict !== 'refuse') expect(analysis.mode, insn.text).toBe(kind.verdict);
        if (kind.verdict === 'step') {
          expect(insn.mnemonic, insn.text).not.toMatch(BRANCHING);
          expect(insn.target ?? insn.pcRelativeAddress, insn.text).toBeUndefined();
        } else {
          expect(insn.mnemonic, `${insn.text} as ${kind.name}`).toMatch(MNEMONICS[kind.name]!);
        }
        const named = expected.namedAddresses?.get(insn.address);
        const ours = insn.target ?? insn.pcRelativeAddress;
        if (named !== undefined && ours !== undefined) {
          expect(ours, `${insn.text} at ${insn.address.toString(16)}`).toBe(named);
          compared++;
        }
      });
      tallies.set(name, result);
      expect(result.sections).toEqual(expected.sections);
      expect(result.undecoded.map((a) => a.toString(16))).toEqual([]);
      if (expected.namedAddresses !== undefined) expect(compared).toBeGreaterThan(10_000);
      printTable(name, result.classes);
    });
  }

  it('should have found instructions of every Linux verdict in the fixtures', () => {
    const totals = totalsOf(FIXTURES.map(tallyOf));
    printTable('all fixtures', totals);
    const verdicts = new Set([...totals.values()].map((t) => t.verdict));
    expect([...verdicts].sort()).toEqual(['refuse', 'simulate', 'step']);
    for (const cls of ['load/store exclusive', 'LDR (literal, SIMD&FP)', 'BR/BLR/RET', 'B.cond']) {
      expect(totals.get(cls)?.count ?? 0, cls).toBeGreaterThan(0);
    }
    if (!objdumpInstalled) console.log(`${OBJDUMP} not installed: counts compared with objdump-counts.json, targets not cross-checked`);
  });
});
