/**
 * Focused host comparisons for the SSE/SSE2 data movement (sseMove.ts): every move form between
 * registers, GPRs and memory, alignment faults (#GP, SIGSEGV SI_KERNEL) and AMD's misaligned SSE
 * mode (MXCSR.MM), 16-byte stores crossing into a page that cannot be written (nothing stored),
 * LDMXCSR/STMXCSR, FXSAVE/FXRSTOR images and MASKMOVDQU.
 */
import { it } from 'vitest';
import { assemble, caseFrom, describeWithHost, expectCasesSameAsHost, type IsaCase, SCRATCH_ADDRESS } from '../harness.js';
import { integerVectors } from './sseValues.js';

const [V1, V2, V3] = integerVectors(3, 0x6f) as [bigint, bigint, bigint];
const MM = 0x21f80;

function run(texts: readonly string[], inputs: ReadonlyArray<Record<string, unknown>>): IsaCase[] {
  return texts.flatMap((text) => {
    const code = assemble(text);
    return inputs.map((input) => caseFrom(code, { xmm1: V1, xmm2: V2, rax: 0x0123456789abcdefn, ...input }));
  });
}

describeWithHost('SSE data movement against the host', () => {
  it('should move 16 bytes in every form, checking alignment as each form requires', () => {
    const loads = ['movaps', 'movups', 'movapd', 'movupd', 'movdqa', 'movdqu'].flatMap((m) => [`${m} xmm1, [rbx]`, `${m} [rbx], xmm2`, `${m} xmm1, xmm2`]);
    const stores = ['movntps', 'movntpd', 'movntdq'].map((m) => `${m} [rbx], xmm2`);
    const inputs = [0, 8, 3, 16].flatMap((offset) => [0x1f80, MM].map((mxcsr) => ({ rbx: SCRATCH_ADDRESS + offset, mxcsr })));
    expectCasesSameAsHost(run([...loads, ...stores], inputs));
  });

  it('should store nothing when a 16-byte store crosses into a page it cannot write', () => {
    const inputs = (['ro', 'none'] as const).flatMap((secondPage) => [0xff8, 0xff1, 0xffc].map((offset) => ({ rbx: SCRATCH_ADDRESS + offset, secondPage })));
    expectCasesSameAsHost(run(['movups [rbx], xmm2', 'movdqu [rbx], xmm2', 'movupd [rbx], xmm2', 'movdqu xmm1, [rbx]'], inputs));
  });

  it('should move scalars, quadwords and halves between registers, GPRs and memory', () => {
    const texts = [
      'movss xmm1, xmm2', 'movss xmm1, [rbx]', 'movss [rbx], xmm2', 'movsd xmm1, xmm2', 'movsd xmm1, [rbx]', 'movsd [rbx], xmm2',
      'movd xmm1, eax', 'movd xmm1, [rbx]', 'movd eax, xmm2', 'movd [rbx], xmm2', 'movq xmm1, rax', 'movq rax, xmm2',
      'movq xmm1, xmm2', 'movq xmm1, [rbx]', 'movq [rbx], xmm2', '.byte 0x66, 0x0f, 0xd6, 0xd1',
      'movlps xmm1, [rbx]', 'movlps [rbx], xmm2', 'movhps xmm1, [rbx]', 'movhps [rbx], xmm2', 'movlpd xmm1, [rbx]', 'movlpd [rbx], xmm2', 'movhpd xmm1, [rbx]', 'movhpd [rbx], xmm2',
      'movhlps xmm1, xmm2', 'movlhps xmm1, xmm2', 'movnti [rbx], eax', 'movnti [rbx], rax',
      'unpcklps xmm1, xmm2', 'unpckhps xmm1, xmm2', 'unpcklpd xmm1, xmm2', 'unpckhpd xmm1, [rbx]',
      'andps xmm1, xmm2', 'andnps xmm1, xmm2', 'orps xmm1, xmm2', 'xorps xmm1, xmm2', 'andpd xmm1, [rbx]', 'andnpd xmm1, xmm2', 'orpd xmm1, xmm2', 'xorpd xmm1, xmm1',
    ];
    expectCasesSameAsHost(run(texts, [{ rbx: SCRATCH_ADDRESS + 16 }, { rbx: SCRATCH_ADDRESS + 0xffc, secondPage: 'rw' }, { rbx: SCRATCH_ADDRESS + 0xffc, secondPage: 'ro', xmm2: V3 }]));
  });

  it('should load MXCSR, faulting on reserved bits, and store it', () => {
    const values = [0x1f80, 0x0000, 0xffff, 0x21f80, 0x11f80, 0x40000, 0x80001f80, 0x7fc0];
    const cases = values.map((value) => caseFrom(assemble('ldmxcsr [rbx]; stmxcsr [rbx+4]'), { rbx: SCRATCH_ADDRESS + 32, memory: { 32: [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >>> 24] } }));
    cases.push(caseFrom(assemble('stmxcsr [rbx]'), { rbx: SCRATCH_ADDRESS + 3, mxcsr: 0x7fbf }));
    expectCasesSameAsHost(cases);
  });

  it('should save and restore the FXSAVE image as this host lays it out', () => {
    const cases: IsaCase[] = [];
    for (const text of ['fxsave [rbx]', 'fxsave64 [rbx]']) {
      for (const offset of [0, 0x200, 8]) cases.push(caseFrom(assemble(text), { rbx: SCRATCH_ADDRESS + offset, xmm1: V1, xmm15: V3, mxcsr: 0x3fa1 }));
      // The host names the image's last byte in the fault, wherever the image starts.
      for (const offset of [0xf00, 0xe10, 0x1100]) cases.push(caseFrom(assemble(text), { rbx: SCRATCH_ADDRESS + offset, secondPage: 'ro' }));
    }
    for (const offset of [0xf00, 0x1000]) cases.push(caseFrom(assemble('fxrstor [rbx]'), { rbx: SCRATCH_ADDRESS + offset, secondPage: 'none' }));
    const restore = 'fxsave [rbx]; mov dword ptr [rbx+24], eax; movdqu xmm0, [rbx+160]; movdqu [rbx+176], xmm0; fxrstor [rbx]; fxsave [rbx+512]';
    for (const mxcsr of [0x5f80, 0x9fbf, 0x21f80, 0x41f80]) cases.push(caseFrom(assemble(restore), { rbx: SCRATCH_ADDRESS, rax: mxcsr, xmm0: V2, xmm1: V1 }));
    cases.push(caseFrom(assemble('fxrstor [rbx]'), { rbx: SCRATCH_ADDRESS + 4 }));
    expectCasesSameAsHost(cases);
  });

  it('should store the selected bytes of MASKMOVDQU at rdi', () => {
    const masks = [0n, -1n, 0x80n, 0x8000000000000000_0000000000000080n, V1, V3];
    const inputs = masks.flatMap((mask) => [
      { rdi: SCRATCH_ADDRESS + 5, xmm2: mask },
      { rdi: SCRATCH_ADDRESS + 0xff8, xmm2: mask, secondPage: 'ro' },
    ]);
    expectCasesSameAsHost(run(['maskmovdqu xmm1, xmm2'], inputs));
  });
});
