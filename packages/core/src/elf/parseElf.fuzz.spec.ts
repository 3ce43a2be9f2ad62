import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ElfFile } from './ElfFile.js';
import { ElfFormatError } from './ElfFormatError.js';
import { ELF64_PHDR_SIZE, ELF64_SHDR_SIZE, ELF64_SYM_SIZE, ET_DYN, PF_R, PF_X, PT_INTERP, PT_LOAD } from './elfConstants.js';
import { parseElf } from './parseElf.js';
import { buildElfImage, cString, EHDR, PHDR, SHDR, staticExecutableSpec, TEXT_ADDRESS } from './testing/buildElfImage.js';

const ONE_LINE = /^[^\r\n\u2028\u2029]+$/;
const SEED = 0x5eed_e1f;
/** Generous for inputs of a few KiB that parse in microseconds; a hang or a quadratic blow-up would not fit. */
const TIME_LIMIT_MS = 250;

const base = staticExecutableSpec();
const images = [
  buildElfImage({ ...base, dynamicSymbols: [{ name: 'exported', value: TEXT_ADDRESS + 0x40, size: 8 }] }),
  buildElfImage({
    type: ET_DYN,
    entry: 0x1000,
    segments: [
      { type: PT_LOAD, flags: PF_R, vaddr: 0, place: 'headers' },
      { type: PT_LOAD, flags: PF_R | PF_X, vaddr: 0x1000, content: new Uint8Array(0x40) },
      { type: PT_INTERP, content: cString('/lib/ld-musl-x86_64.so.1') },
    ],
    sections: [{ name: '.text', addr: 0x1000, offset: 0x1000, size: 0x40 }],
    dynamicSymbols: [{ name: 'f', value: 0x1000, size: 0x10 }],
  }),
];

/** Parses and checks the contract: an ElfFile that keeps its promises, or an ElfFormatError with a one-line message. */
function checkContract(bytes: Uint8Array): void {
  const started = performance.now();
  try {
    checkInvariants(parseElf(bytes, 'fuzz'), bytes.length);
  } catch (error) {
    if (!(error instanceof ElfFormatError)) throw error;
    expect(error.message).toMatch(ONE_LINE);
  }
  expect(performance.now() - started).toBeLessThan(TIME_LIMIT_MS);
}

function checkInvariants(elf: ElfFile, size: number): void {
  expect(elf.programHeaders.length).toBeLessThanOrEqual(size / ELF64_PHDR_SIZE);
  expect(elf.sections.length).toBeLessThanOrEqual(size / ELF64_SHDR_SIZE);
  expect(elf.symbols.length).toBeLessThanOrEqual(size / ELF64_SYM_SIZE);
  const numbers = [
    elf.header.entry,
    elf.header.phoff,
    ...elf.programHeaders.flatMap((p) => [p.offset, p.vaddr, p.filesz, p.memsz, p.align]),
    ...elf.sections.flatMap((s) => [s.addr, s.offset, s.size, s.flags, s.addralign, s.entsize]),
    ...elf.symbols.flatMap((s) => [s.value, s.size]),
  ];
  for (const value of numbers) expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
  for (const segment of elf.programHeaders) expect(segment.offset + segment.filesz).toBeLessThanOrEqual(size);

  const loads = [...elf.loadSegments].filter((s) => s.memsz > 0).sort((a, b) => a.vaddr - b.vaddr);
  expect(loads.length).toBeGreaterThan(0);
  for (let i = 1; i < loads.length; i++) {
    const previous = loads[i - 1];
    if (previous !== undefined) expect(loads[i]?.vaddr).toBeGreaterThanOrEqual(previous.vaddr + previous.memsz);
  }
  const entry = elf.header.entry;
  const holder = loads.find((s) => s.vaddr <= entry && entry < s.vaddr + s.memsz);
  expect((holder?.flags ?? 0) & PF_X).toBe(PF_X);
  for (const warning of elf.warnings) expect(warning.message).toMatch(ONE_LINE);
}

const EXTREMES = [0n, 1n, 0xffn, 0xffffn, 0xffff_ffffn, 2n ** 47n - 1n, 2n ** 47n, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n];

interface FieldSite {
  readonly at: number;
  readonly width: 1 | 2 | 4 | 8;
}

function fieldSites(image: (typeof images)[number]): FieldSite[] {
  const sites: FieldSite[] = [
    { at: EHDR.class, width: 1 }, { at: EHDR.data, width: 1 }, { at: EHDR.type, width: 2 },
    { at: EHDR.entry, width: 8 }, { at: EHDR.phoff, width: 8 }, { at: EHDR.shoff, width: 8 },
    { at: EHDR.phentsize, width: 2 }, { at: EHDR.phnum, width: 2 }, { at: EHDR.shentsize, width: 2 },
    { at: EHDR.shnum, width: 2 }, { at: EHDR.shstrndx, width: 2 },
  ];
  const phnum = new DataView(image.bytes.buffer).getUint16(EHDR.phnum, true);
  for (let i = 0; i < phnum; i++) {
    const at = image.phoff + i * ELF64_PHDR_SIZE;
    sites.push({ at: at + PHDR.type, width: 4 }, { at: at + PHDR.flags, width: 4 });
    for (const field of [PHDR.offset, PHDR.vaddr, PHDR.filesz, PHDR.memsz, PHDR.align]) sites.push({ at: at + field, width: 8 });
  }
  for (let i = 0; i < image.sectionIndex.size + 1; i++) {
    const at = image.shoff + i * ELF64_SHDR_SIZE;
    sites.push({ at: at + SHDR.name, width: 4 }, { at: at + SHDR.type, width: 4 }, { at: at + SHDR.link, width: 4 });
    for (const field of [SHDR.offset, SHDR.size, SHDR.entsize, SHDR.addr]) sites.push({ at: at + field, width: 8 });
  }
  return sites;
}

type Mutation =
  | { kind: 'flip'; position: number; mask: number }
  | { kind: 'field'; site: number; value: bigint }
  | { kind: 'truncate'; fraction: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), position: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({
    kind: fc.constant('field' as const),
    site: fc.nat(),
    value: fc.oneof(fc.constantFrom(...EXTREMES), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 0x4000n })),
  }),
  fc.record({ kind: fc.constant('truncate' as const), fraction: fc.double({ min: 0, max: 1, noNaN: true }) }),
);

function mutate(imageIndex: number, mutations: readonly Mutation[]): Uint8Array {
  const image = images[imageIndex % images.length] ?? images[0];
  if (image === undefined) throw new Error('no base image');
  const sites = fieldSites(image);
  let bytes = image.bytes.slice();
  for (const change of mutations) {
    const view = new DataView(bytes.buffer);
    if (change.kind === 'truncate') {
      bytes = bytes.slice(0, Math.floor(bytes.length * change.fraction));
      continue;
    }
    if (bytes.length === 0) continue;
    if (change.kind === 'flip') {
      // Most flips land in the headers, where a flip changes structure rather than content.
      const span = change.position % 3 === 0 ? bytes.length : Math.min(bytes.length, 0x180);
      const position = change.position % span;
      view.setUint8(position, (bytes[position] ?? 0) ^ change.mask);
      continue;
    }
    const site = sites[change.site % sites.length];
    if (site === undefined || site.at + site.width > bytes.length) continue;
    const value = BigInt.asUintN(site.width * 8, change.value);
    if (site.width === 8) view.setBigUint64(site.at, value, true);
    else if (site.width === 4) view.setUint32(site.at, Number(value), true);
    else if (site.width === 2) view.setUint16(site.at, Number(value), true);
    else view.setUint8(site.at, Number(value));
  }
  return bytes;
}

describe('parseElf on hostile input returns an ElfFile or throws a one-line ElfFormatError, quickly', () => {
  it('the base images parse cleanly', () => {
    for (const image of images) expect(parseElf(image.bytes, 'base').warnings).toEqual([]);
  });

  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), checkContract), { seed: SEED, numRuns: 400 });
  });

  it('random bytes behind a valid ELF64 little-endian identification', () => {
    const ident = Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 2048 }), (tail) => {
        const bytes = tail.slice();
        bytes.set(ident);
        checkContract(bytes);
      }),
      { seed: SEED + 1, numRuns: 400 },
    );
  });

  it('mutations of valid images: flipped bytes, extreme field values, truncation', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (imageIndex, mutations) => {
        checkContract(mutate(imageIndex, mutations));
      }),
      { seed: SEED + 2, numRuns: 1400 },
    );
  });
});
