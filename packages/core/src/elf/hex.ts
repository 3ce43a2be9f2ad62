export function hex(value: number | bigint): string {
  return `0x${value.toString(16)}`;
}
