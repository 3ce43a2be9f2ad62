/** Page size of every architecture we model (x86-64 and the arm64 4K-granule Linux configuration). */
export const PAGE_SIZE = 4096;
export const PAGE_MASK = PAGE_SIZE - 1;

export function pageDown(address: number): number {
  return address - (address & PAGE_MASK);
}

export function pageUp(address: number): number {
  const rest = address & PAGE_MASK;
  return rest === 0 ? address : address + (PAGE_SIZE - rest);
}
