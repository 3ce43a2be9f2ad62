/** Page protection bits, numbered as in Linux `PROT_*` so syscall arguments map directly. */
export const Protection = {
  None: 0,
  Read: 1,
  Write: 2,
  Exec: 4,
} as const;

export function protectionString(prot: number): string {
  return (
    (prot & Protection.Read ? 'r' : '-') +
    (prot & Protection.Write ? 'w' : '-') +
    (prot & Protection.Exec ? 'x' : '-')
  );
}
