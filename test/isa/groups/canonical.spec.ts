/**
 * Accesses whose bytes cross from canonical into non-canonical space. The processor checks the
 * whole access for canonicality before it walks any page, so it is a #GP (SIGSEGV, SI_KERNEL, no
 * address) even though its first bytes are canonical and unmapped; an access that ends just
 * below 2^47 is an ordinary page fault at its first byte.
 */
import { it } from 'vitest';
import { describeWithHost, expectSameAsHost } from '../harness.js';

/** The last canonical byte of the user half. */
const TOP = 0x7fff_ffff_ffffn;

/** Addresses from which an access of `size` bytes ends 1..size-1 bytes past TOP, and one ending at TOP. */
function crossingAndBelow(size: number): Array<{ rbx: bigint }> {
  const crossing = Array.from({ length: size - 1 }, (_, k) => ({ rbx: TOP - BigInt(k) }));
  return [...crossing, { rbx: TOP - BigInt(size - 1) }];
}

describeWithHost('accesses crossing into non-canonical space', () => {
  it('should raise #GP for loads of every width that cross 2^47', () => {
    expectSameAsHost('mov ax, [rbx]', crossingAndBelow(2));
    expectSameAsHost('mov eax, [rbx]', crossingAndBelow(4));
    expectSameAsHost('mov rax, [rbx]', crossingAndBelow(8));
  });

  it('should raise #GP for stores and read-modify-writes that cross 2^47', () => {
    expectSameAsHost('mov [rbx], ax', crossingAndBelow(2));
    expectSameAsHost('mov [rbx], eax', crossingAndBelow(4));
    expectSameAsHost('mov [rbx], rax', crossingAndBelow(8));
    expectSameAsHost('add [rbx], eax', crossingAndBelow(4));
    expectSameAsHost('lock xadd [rbx], rcx', crossingAndBelow(8));
  });

  it('should raise #GP for an access that starts below -2^47 and ends in canonical space', () => {
    expectSameAsHost('mov rax, [rbx]', [{ rbx: 0xffff_7fff_ffff_fffcn }]);
  });
});
