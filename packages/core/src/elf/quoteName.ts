/** Quotes a string taken from the file so that hostile bytes cannot break a one-line message. */
export function quoteName(name: string): string {
  const escaped = name.replace(/[\\"\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => {
    if (char === '\\' || char === '"') return `\\${char}`;
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `"${escaped}"`;
}
