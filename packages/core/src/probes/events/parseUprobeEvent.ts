import { ProbeError } from '../ProbeError.js';
import { type FetchArgument, type FetchSource, type FetchType, type UprobeEvent } from './UprobeEvent.js';

const TYPES = new Set<string>(['u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'x8', 'x16', 'x32', 'x64', 'string']);
/** The kernel allows this many arguments per probe (MAX_TRACE_ARGS). */
const MAX_ARGS = 128;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function fail(definition: string, why: string): never {
  throw new ProbeError(`bad uprobe event '${definition}': ${why}`);
}

function number(text: string, definition: string, what: string): number {
  const value = /^-?(0x[0-9a-fA-F]+|\d+)$/.test(text) ? Number(text.startsWith('-') ? -Number(text.slice(1)) : Number(text)) : Number.NaN;
  if (!Number.isSafeInteger(value)) fail(definition, `${what} '${text}' is not a number`);
  return value;
}

/** %REG, @ADDR, @+OFFSET, $stack, $stackN, $retval, $comm, +|-OFFS(FETCHARG). */
function parseSource(text: string, definition: string, returnProbe: boolean): FetchSource {
  if (text.startsWith('%')) {
    const name = text.slice(1);
    if (!NAME.test(name)) fail(definition, `bad register '${text}'`);
    return { kind: 'register', name };
  }
  if (text.startsWith('@+')) return { kind: 'file-offset', offset: number(text.slice(2), definition, 'offset') };
  if (text.startsWith('@')) return { kind: 'memory', address: number(text.slice(1), definition, 'address') };
  if (text === '$stack') return { kind: 'stack', entry: undefined };
  if (/^\$stack\d+$/.test(text)) return { kind: 'stack', entry: Number(text.slice(6)) };
  if (text === '$retval') {
    if (!returnProbe) fail(definition, '$retval is only for return probes');
    return { kind: 'retval' };
  }
  if (text === '$comm') return { kind: 'comm' };
  const deref = /^([+-](?:0x[0-9a-fA-F]+|\d+))\((.+)\)$/.exec(text);
  if (deref !== null) return { kind: 'deref', offset: number(deref[1]!.replace('+', ''), definition, 'offset'), base: parseSource(deref[2]!, definition, returnProbe) };
  return fail(definition, `unknown fetch argument '${text}'`);
}

function parseArgument(text: string, index: number, definition: string, returnProbe: boolean): FetchArgument {
  let rest = text;
  let name = `arg${index + 1}`;
  const eq = rest.indexOf('=');
  if (eq > 0 && NAME.test(rest.slice(0, eq))) {
    name = rest.slice(0, eq);
    rest = rest.slice(eq + 1);
  }
  // The kernel's DEFAULT_FETCH_TYPE: x<BITS_PER_LONG> in current kernels (older ones printed u64).
  let type: FetchType = 'x64';
  const colon = rest.lastIndexOf(':');
  if (colon > 0 && !rest.slice(colon).includes(')')) {
    const typeName = rest.slice(colon + 1);
    if (!TYPES.has(typeName)) fail(definition, `unknown type '${typeName}' (u8..u64, s8..s64, x8..x64, string)`);
    type = typeName as FetchType;
    rest = rest.slice(0, colon);
  }
  const source = parseSource(rest, definition, returnProbe);
  if (type === 'string' && source.kind === 'register') fail(definition, 'a string must be fetched from memory');
  return { name, source, type };
}

/**
 * `p_<name>_0x<offset>`, as the kernel names an event the user did not name: the file's base
 * name cut at its first '.', '-' or '_', and 'p' for return probes too.
 */
function defaultEventName(path: string, location: UprobeEvent['location']): string {
  const base = (path.split('/').pop() ?? path).split(/[.\-_]/)[0]!.replace(/[^A-Za-z0-9]/g, '_');
  const where = location.kind === 'offset' ? `0x${location.offset.toString(16)}` : `${location.symbol}${location.offset === 0 ? '' : `_${location.offset}`}`;
  return `p_${base}_${where}`;
}

/**
 * Parses one probe definition in the kernel's uprobe_events syntax:
 * `p[:[GRP/]EVENT] PATH:OFFSET [FETCHARGS]` or `r[...]` for a return probe
 * (`PATH:OFFSET%return` too), with `PATH:SYMBOL[+offs]` accepted as older kernels did.
 */
export function parseUprobeEvent(definition: string): UprobeEvent {
  const words = definition.trim().split(/\s+/);
  const head = words[0] ?? '';
  if (words.length < 2 || (head[0] !== 'p' && head[0] !== 'r') || (head.length > 1 && head[1] !== ':')) {
    fail(definition, "expected 'p[:[GRP/]EVENT] PATH:OFFSET [FETCHARGS]' or 'r[...]'");
  }
  let returnProbe = head[0] === 'r';
  let group = 'uprobes';
  let event: string | undefined;
  if (head.length > 2) {
    const [g, e] = head.slice(2).includes('/') ? head.slice(2).split('/', 2) : [undefined, head.slice(2)];
    if (g !== undefined) {
      if (!NAME.test(g)) fail(definition, `bad group name '${g}'`);
      group = g;
    }
    if (e !== undefined && e !== '') {
      if (!NAME.test(e)) fail(definition, `bad event name '${e}'`);
      event = e;
    }
  }
  let target = words[1]!;
  if (target.endsWith('%return')) {
    returnProbe = true;
    target = target.slice(0, -'%return'.length);
  }
  const colon = target.lastIndexOf(':');
  if (colon <= 0) fail(definition, `'${target}' is not PATH:OFFSET`);
  const path = target.slice(0, colon);
  const where = target.slice(colon + 1);
  let location: UprobeEvent['location'];
  if (/^(0x[0-9a-fA-F]+|\d+)$/.test(where)) {
    location = { kind: 'offset', offset: number(where, definition, 'offset') };
  } else {
    const symbol = /^([A-Za-z_.$][A-Za-z0-9_.$]*)(?:\+(0x[0-9a-fA-F]+|\d+))?$/.exec(where);
    if (symbol === null) fail(definition, `'${where}' is neither an offset nor SYMBOL[+offs]`);
    location = { kind: 'symbol', symbol: symbol[1]!, offset: symbol[2] === undefined ? 0 : number(symbol[2], definition, 'offset') };
  }
  const argTexts = words.slice(2);
  if (argTexts.length > MAX_ARGS) fail(definition, `more than ${MAX_ARGS} fetch arguments`);
  const args = argTexts.map((text, i) => parseArgument(text, i, definition, returnProbe));
  const names = new Set<string>();
  for (const arg of args) {
    if (names.has(arg.name)) fail(definition, `argument name '${arg.name}' is used twice`);
    names.add(arg.name);
  }
  return { returnProbe, group, event: event ?? defaultEventName(path, location), path, location, args };
}
