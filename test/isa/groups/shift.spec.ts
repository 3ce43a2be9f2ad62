import { it } from 'vitest';
import { countValues } from '../forms/values.js';
import { caseFrom, describeWithHost, expectCasesSameAsHost, expectSameAsHost, type IsaCase, type IsaInput, PAGE, SCRATCH_ADDRESS, snippetBytes } from '../harness.js';
import { le64, noisy, noisyEdges, PTR, RAX, RDX, type Width, WIDTHS, withFlags } from './groupInputs.js';

const SHIFTS = ['shl', 'sal', 'shr', 'sar', 'rol', 'ror', 'rcl', 'rcr'] as const;
const DOUBLE_SHIFTS = ['shld', 'shrd'] as const;
const DOUBLE_WIDTHS = [16, 32, 64] as const;
const TARGET = SCRATCH_ADDRESS + 0x40;

/** Cases of one snippet from register inputs: rax the operand, rdx the second operand, rcx the count. */
function casesOf(source: string, inputs: readonly IsaInput[]): IsaCase[] {
  const code = snippetBytes(source);
  return withFlags(inputs).map((input) => caseFrom(code, input));
}

/**
 * The C0/C1 (imm8 count) encoding of a D2/D3 (CL count) shift: the same prefixes and ModRM with
 * the count appended. Built from bytes rather than assembled, so that hundreds of counts and
 * widths cost no assembler runs.
 */
function immediateForm(byCl: Uint8Array, count: number): Uint8Array {
  const at = byCl.findIndex((byte) => byte === 0xd2 || byte === 0xd3);
  const code = Uint8Array.from([...byCl, count]);
  code[at] = byCl[at]! - 0x12;
  return code;
}

/** A few operand values: the edges are many, so the immediate and memory forms take a spread of them. */
function someEdges(bits: number): bigint[] {
  return noisyEdges(bits).filter((_, i) => i % 3 === 0);
}

describeWithHost('shift and rotate group', () => {
  it('should shift and rotate a register of every width by CL like the host', () => {
    const cases = SHIFTS.flatMap((op) =>
      WIDTHS.flatMap((w) => casesOf(`${op} ${RAX[w]}, cl`, countValues(w).flatMap((count) => noisyEdges(w).map((rax) => ({ rax, rcx: noisy(BigInt(count), 8) }))))),
    );
    expectCasesSameAsHost(cases);
  });

  it('should shift and rotate by every immediate count like the host, C0/C1 and D0/D1 forms', () => {
    const cases = SHIFTS.flatMap((op) =>
      WIDTHS.flatMap((w) => {
        const byCl = snippetBytes(`${op} ${RAX[w]}, cl`);
        const inputs = withFlags(someEdges(w).map((rax) => ({ rax })));
        const byOne = snippetBytes(`${op} ${RAX[w]}, 1`);
        return [byOne, ...countValues(w).map((count) => immediateForm(byCl, count))].flatMap((code) => inputs.map((input) => caseFrom(code, input)));
      }),
    );
    expectCasesSameAsHost(cases);
  });

  it('should shift and rotate memory operands like the host', () => {
    const cases = SHIFTS.flatMap((op) =>
      WIDTHS.flatMap((w) =>
        casesOf(
          `${op} ${PTR[w]} [rbx], cl`,
          [0, 1, w - 1, w, 33].flatMap((count) => someEdges(w).map((value) => ({ rbx: TARGET, rcx: count, memory: { 0x40: le64(value) } }))),
        ),
      ),
    );
    expectCasesSameAsHost(cases);
  });

  it('should shift double registers by CL and by immediates like the host', () => {
    const cases = DOUBLE_SHIFTS.flatMap((op) =>
      DOUBLE_WIDTHS.flatMap((w) => [
        ...casesOf(`${op} ${RAX[w]}, ${RDX[w]}, cl`, countValues(w).flatMap((count) => noisyEdges(w).map((rax, i) => ({ rax, rdx: noisyEdges(w).at(-1 - i)!, rcx: count })))),
        ...[1, 7, w - 1, w, 33].flatMap((count) => casesOf(`${op} ${RAX[w]}, ${RDX[w]}, ${count}`, someEdges(w).map((rax) => ({ rax, rdx: 0x0123_4567_89ab_cdefn })))),
        ...casesOf(`${op} ${PTR[w as Width]} [rbx], ${RDX[w]}, cl`, [0, 1, 5, w - 1].map((count) => ({ rbx: TARGET, rdx: -3n, rcx: count }))),
      ]),
    );
    expectCasesSameAsHost(cases);
  });

  it('should leave every flag as the previous instruction set it when CL masks to zero', () => {
    const tail = 'setz r8b; setc r9b; seto r10b; sets r11b; setp r12b';
    const cases = [
      ...casesOf(`add eax, ebx; shl edx, cl; ${tail}`, [0, 32, 64, 1, 33].map((rcx) => ({ rax: -1, rbx: 1, rdx: 0x8000_0001, rcx }))),
      ...casesOf(`sub rax, rbx; rol rdx, cl; ${tail}`, [0, 64, 1, 3].map((rcx) => ({ rax: 1, rbx: 2, rdx: -2, rcx }))),
      ...casesOf(`cmp eax, ebx; shrd edx, eax, cl; ${tail}`, [0, 32, 1, 9].map((rcx) => ({ rax: 5, rbx: 7, rdx: 0x40, rcx }))),
      ...casesOf(`add al, bl; rcr dl, cl; ${tail}`, [0, 9, 32, 1, 17].map((rcx) => ({ rax: 0x80, rbx: 0x80, rdx: 0x41, rcx }))),
    ];
    expectCasesSameAsHost(cases);
  });

  it('should test the flags of a shift by an immediate within its block', () => {
    expectSameAsHost('shl eax, 4; setz r8b; setc r9b; sets r10b; sar ebx, 31; setnz r11b; setc r12b', [
      { rax: 0x1000_0000, rbx: 0x8000_0000 },
      { rax: 0x0800_0000, rbx: 1 },
    ]);
  });

  it('should fault on a shift of read-only or unmapped memory as the host does', () => {
    const inputs = [0, 1, 3].flatMap((rcx) => [
      { rbx: SCRATCH_ADDRESS + PAGE, rcx, secondPage: 'ro' as const },
      { rbx: SCRATCH_ADDRESS + PAGE + 8, rcx, secondPage: 'none' as const },
    ]);
    expectCasesSameAsHost([...casesOf('shl dword ptr [rbx], cl', inputs), ...casesOf('rcl qword ptr [rbx], cl', inputs), ...casesOf('shld dword ptr [rbx], eax, cl', inputs)]);
  });

  it('should report the first unmapped byte of an operand that crosses into an unmapped page', () => {
    expectCasesSameAsHost(casesOf('shl dword ptr [rbx], cl', [{ rbx: SCRATCH_ADDRESS + PAGE - 2, rcx: 1, secondPage: 'none' }]));
  });
});
