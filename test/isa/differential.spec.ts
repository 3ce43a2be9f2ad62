/**
 * Every instruction form the CPU implements (`implementedCodes()` of the dispatch table), run on
 * the host and on the emulator from the same seeded states, every defined output compared.
 *
 * Per form (forms/plan.ts, forms/cases.ts): register operands from a pool without RSP (AH-BH
 * included, retried when the encoding needs REX), memory operands in the scratch area through
 * base, base+index*scale, RIP-relative, 32-bit (0x67) and moffs addresses, aligned and not,
 * every sixth memory or stack case crossing into a second page that is read-only or unmapped;
 * LOCK and REP prefixes where the form takes them. Values: each operand's width edges first
 * (0, 1, 2, signed max/min, all ones, alternating bits), then seeded random ones; shift counts
 * from 0, 1, width-1, width, width+1, 31-33, 63-65; dividends that fit the quotient most of the
 * time and divisors that include 0; float specials in XMM registers and SSE memory operands;
 * MXCSR with other rounding modes, DAZ/FTZ and unmasked exceptions now and then.
 *
 * Control transfers run in their own block: targets in the int3-filled code page (so the result
 * is where they landed), indirect targets that are non-canonical or unmapped, counters of LOOP
 * and JRCXZ at 0, 1 and 2^32.
 *
 * x87 forms (FXSAVE/FXRSTOR and WAIT included) start from a generated x87 state (forms/x87State.ts):
 * TOP anywhere, a few registers valid, full stacks and empty ones, edge values (zeros, denormals,
 * pseudo-denormals, unnormals, infinities, NaNs, the largest and smallest normals, values near
 * integer boundaries, 1.0) then random ones, every rounding and precision control, unmasked
 * exceptions now and then; their memory operands hold values of the operand's type
 * (forms/x87Memory.ts): m32fp m64fp m80fp m16int m32int m64int m80bcd, control words, FLDENV and
 * FRSTOR environments, FXRSTOR images.
 *
 * MMX forms (EMMS and the conversions between MMX and XMM registers included) start from a
 * generated state of the x87 registers they live in (forms/x87State.ts, mmxState): lane edges in
 * every register under any sign and exponent, TOP anywhere, tags all valid, all empty or mixed, an
 * unmasked x87 exception pending now and then (#MF); shift counts near the element widths.
 *
 * Forms the generic suite cannot run are covered by named focused tests (forms/focused.ts); the
 * last test fails when an implemented form is covered by neither.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type Classified, catalog } from './forms/catalog.js';
import { type FormCases, generateCases } from './forms/cases.js';
import { focusedTestExists } from './forms/focused.js';
import { compareResults, ignoredOutputs } from './support/compare.js';
import { describeReport, describeWithHost } from './support/expectSameAsHost.js';
import { type IsaResult } from './support/IsaState.js';
import { runOnEmulator } from './support/runOnEmulator.js';
import { runOnHost } from './support/runOnHost.js';

const CASES_PER_FORM = 40;

const classified: Classified[] = catalog();
const runnable = classified.filter((c) => c.kind === 'generic' || c.kind === 'transfer' || c.kind === 'x87' || c.kind === 'mmx');
const focused = classified.flatMap((c) => (c.kind === 'focused' ? [{ form: c.form, focused: c.focused }] : []));
const generated = new Map<number, FormCases>(runnable.map((c) => [c.form.code, generateCases(c.form, CASES_PER_FORM)]));
const hostResults = new Map<number, IsaResult[]>();
const differing = new Map<string, string>();
const covered = new Set<string>();

function runHostBatch(): void {
  const all = [...generated.values()];
  const results = runOnHost(all.flatMap((g) => g.cases));
  let at = 0;
  for (const g of all) {
    hostResults.set(g.form.code, results.slice(at, at + g.cases.length));
    at += g.cases.length;
  }
}

function checkForm(code: number): void {
  const g = generated.get(code)!;
  if (g.failure !== undefined) throw new Error(`${g.form.name}: no instruction could be encoded: ${g.failure}`);
  const host = hostResults.get(code)!;
  const emulator = runOnEmulator(g.cases);
  covered.add(g.form.name);
  const failing = g.cases.flatMap((c, i) => {
    const differences = compareResults(host[i]!, emulator[i]!, ignoredOutputs(c));
    return differences.length > 0 ? [{ case: c, host: host[i]!, emulator: emulator[i]!, differences }] : [];
  });
  if (failing.length === 0) return;
  const example = describeReport(failing[0]!);
  const fields = new Map<string, number>();
  for (const f of failing) for (const d of f.differences) fields.set(d.what.split(' ')[0]!, (fields.get(d.what.split(' ')[0]!) ?? 0) + 1);
  const tally = [...fields].map(([what, n]) => `${what} ×${n}`).join(', ');
  differing.set(g.form.name, `${failing.length}/${g.cases.length} cases (${tally}), e.g. ${example}`);
  throw new Error(`${g.form.name}: ${failing.length} of ${g.cases.length} cases differ from the host, e.g.\n${example}`);
}

/** Forms grouped by a key, in first-seen order. */
function groupNames<T>(items: ReadonlyArray<T>, key: (item: T) => string, name: (item: T) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), name(item)]);
  return groups;
}

/** Forms covered by neither the generic suite nor an existing focused test, with the reason. */
function uncovered(): Array<{ name: string; reason: string }> {
  return classified.flatMap((c) => {
    if (c.kind === 'excluded') return [{ name: c.form.name, reason: c.reason }];
    if (c.kind === 'focused') return focusedTestExists(c.focused) ? [] : [{ name: c.form.name, reason: `${c.focused.spec} has no test '${c.focused.test}'` }];
    return covered.has(c.form.name) ? [] : [{ name: c.form.name, reason: 'not run by the generic suite' }];
  });
}

function summary(): string {
  const byFocusedTest = focused.filter((f) => focusedTestExists(f.focused));
  const lines = [
    `isa: ${classified.length} implemented forms, ${covered.size + byFocusedTest.length} covered (${covered.size} by the generic suite, ${byFocusedTest.length} by focused tests), ${differing.size} differ`,
  ];
  for (const [name, text] of differing) lines.push(`  differs: ${name}: ${text.split('\n').join('\n    ')}`);
  const where = groupNames(byFocusedTest, (f) => `${f.focused.spec}: '${f.focused.test}' (${f.focused.why})`, (f) => f.form.name);
  for (const [test, names] of where) lines.push(`  covered by ${test}: ${names.join(' ')}`);
  for (const [reason, names] of groupNames(uncovered(), (u) => u.reason, (u) => u.name)) lines.push(`  not covered (${reason}): ${names.join(' ')}`);
  return lines.join('\n');
}

describeWithHost('differential ISA suite', () => {
  beforeAll(runHostBatch, 120_000);
  afterAll(() => console.log(summary()));

  describe('generic forms', () => {
    for (const c of runnable.filter((r) => r.kind === 'generic')) it(c.form.name, () => checkForm(c.form.code));
  });

  describe('control transfers', () => {
    for (const c of runnable.filter((r) => r.kind === 'transfer')) it(c.form.name, () => checkForm(c.form.code));
  });

  describe('x87 forms', () => {
    for (const c of runnable.filter((r) => r.kind === 'x87')) it(c.form.name, () => checkForm(c.form.code));
  });

  describe('MMX forms', () => {
    for (const c of runnable.filter((r) => r.kind === 'mmx')) it(c.form.name, () => checkForm(c.form.code));
  });

  // Last: it counts the forms the tests above ran.
  it('should cover every implemented form, by the generic suite or a named focused test', () => {
    const missing = uncovered();
    if (missing.length > 0) throw new Error(`${missing.length} implemented forms are not covered:\n${missing.map((u) => `  ${u.name}: ${u.reason}`).join('\n')}`);
  });
});
