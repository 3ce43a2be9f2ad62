import { type GuestAccess, type GuestMemory } from '@ubp/core';
import { type X86RegisterFile } from '../../state/X86RegisterFile.js';
import { X87_REGISTER_BYTES as REGISTER_BYTES, type X87State } from '../../state/X87State.js';

/*
 * The x87 environment of FNSTENV/FLDENV and the first part of FNSAVE/FRSTOR (Intel SDM vol. 1,
 * 8.1.10, protected-mode layouts, which 64-bit mode uses): seven fields of `width` bytes, 4 with
 * the default operand size and 2 with a 0x66 prefix. In the 4-byte layout the unused upper halves
 * of the words read as 0xffff, and the code selector's field carries the last opcode above it.
 */

/**
 * This host accesses an image's first field, then checks its last byte: a fault names the first
 * inaccessible byte of that field (the bad page's first byte when the field crosses into it), or
 * else the image's last byte (not the first byte of the bad page).
 */
function probeImage(M: GuestMemory, a: number, length: number, width: number, access: GuestAccess): void {
  if (access === 'read') M.checkReadable(a, width);
  else M.checkWritable(a, width);
  M.pageFor(a + length - 1, access);
}

const FIELDS = 7;
const UNUSED = 0xffff0000;

function environmentBytes(x87: X87State, width: number): Uint8Array {
  const bytes = new Uint8Array(FIELDS * width);
  const view = new DataView(bytes.buffer);
  const wide = width === 4;
  const fields = [
    x87.control | (wide ? UNUSED : 0),
    x87.statusWord | (wide ? UNUSED : 0),
    x87.tagWord | (wide ? UNUSED : 0),
    Number(x87.instructionPointer & 0xffffffffn),
    x87.lastCodeSelector | (wide ? x87.lastOpcode << 16 : 0),
    Number(x87.dataPointer & 0xffffffffn),
    x87.lastDataSelector | (wide ? UNUSED : 0),
  ];
  fields.forEach((value, k) => (wide ? view.setUint32(k * 4, value >>> 0, true) : view.setUint16(k * 2, value & 0xffff, true)));
  return bytes;
}

function loadEnvironment(x87: X87State, bytes: Uint8Array, width: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const field = (k: number): number => (width === 4 ? view.getUint32(k * 4, true) : view.getUint16(k * 2, true));
  x87.control = field(0);
  x87.statusWord = field(1);
  x87.tagWord = field(2);
  x87.lastInstruction = field(3);
  x87.lastCodeSelector = field(4) & 0xffff;
  x87.lastOpcode = width === 4 ? (field(4) >>> 16) & 0x7ff : 0;
  x87.lastDataOffset = field(5);
  x87.lastDataSelector = field(6) & 0xffff;
}

/** FNSTENV: stores the environment, then masks every exception (as exception handlers expect). */
export function fnstenv(s: X86RegisterFile, M: GuestMemory, a: number, width: number): void {
  const x87 = s.x87;
  const bytes = environmentBytes(x87, width);
  probeImage(M, a, bytes.length, width, 'write');
  M.write(a, bytes);
  x87.control |= 0x3f;
}

export function fldenv(s: X86RegisterFile, M: GuestMemory, a: number, width: number): void {
  probeImage(M, a, FIELDS * width, width, 'read');
  loadEnvironment(s.x87, M.read(a, FIELDS * width), width);
}

/** FNSAVE: the environment, ST(0)-ST(7) as 80-bit values, then the state of FNINIT. */
export function fnsave(s: X86RegisterFile, M: GuestMemory, a: number, width: number): void {
  const x87 = s.x87;
  const environment = FIELDS * width;
  const image = new Uint8Array(environment + 8 * REGISTER_BYTES);
  image.set(environmentBytes(x87, width));
  for (let i = 0; i < 8; i++) image.set(x87.registerBytes(x87.physical(i)), environment + REGISTER_BYTES * i);
  probeImage(M, a, image.length, width, 'write');
  M.write(a, image);
  x87.initialize();
}

export function frstor(s: X86RegisterFile, M: GuestMemory, a: number, width: number): void {
  const x87 = s.x87;
  const environment = FIELDS * width;
  probeImage(M, a, environment + 8 * REGISTER_BYTES, width, 'read');
  const image = M.read(a, environment + 8 * REGISTER_BYTES);
  loadEnvironment(x87, image, width);
  for (let i = 0; i < 8; i++) x87.loadRegister(x87.physical(i), image.subarray(environment + REGISTER_BYTES * i));
}
