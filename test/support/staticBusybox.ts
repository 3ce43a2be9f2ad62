import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** Where Debian's busybox-static puts the binary (the dynamic `busybox` package uses the same path). */
export const BUSYBOX_PATH = '/bin/busybox';
const PACKAGE = 'busybox-static';
const PT_INTERP = 3;

/** A static program has no PT_INTERP: `ubp run` loads only static executables. */
function isStaticElf(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const bytes = fs.readFileSync(file);
  if (bytes.length < 64 || bytes.readUInt32BE(0) !== 0x7f454c46) return false;
  const phoff = Number(bytes.readBigUInt64LE(32));
  const phentsize = bytes.readUInt16LE(54);
  const phnum = bytes.readUInt16LE(56);
  for (let i = 0; i < phnum; i++) {
    if (bytes.readUInt32LE(phoff + i * phentsize) === PT_INTERP) return false;
  }
  return true;
}

function apt(args: readonly string[]): string {
  const result = spawnSync('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, encoding: 'utf8', timeout: 600_000 });
  if (result.error !== undefined) return result.error.message;
  return result.status === 0 ? '' : `exit ${result.status}: ${result.stderr.trim().split('\n').slice(-3).join(' / ')}`;
}

/**
 * The path of a static busybox, installing Debian's busybox-static where it is missing (CI runs
 * as root). The suite must not pass vacuously, so anything that prevents it is an error.
 */
export function ensureStaticBusybox(): string {
  if (isStaticElf(BUSYBOX_PATH)) return BUSYBOX_PATH;
  const found = fs.existsSync(BUSYBOX_PATH) ? `${BUSYBOX_PATH} is not statically linked` : `${BUSYBOX_PATH} is missing`;
  if (process.getuid?.() !== 0) throw new Error(`${found}: install it with 'apt-get install -y ${PACKAGE}' (as root)`);
  // A fresh machine may have no package lists yet: update only when the first attempt fails.
  const failure = apt(['install', '-y', '-qq', PACKAGE]) && (apt(['update', '-qq']) || apt(['install', '-y', '-qq', PACKAGE]));
  if (failure !== '' || !isStaticElf(BUSYBOX_PATH)) throw new Error(`${found} and 'apt-get install -y ${PACKAGE}' did not provide it${failure === '' ? '' : ` (${failure})`}`);
  return BUSYBOX_PATH;
}
