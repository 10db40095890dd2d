/**
 * A 64-bit FNV-1a hash of a string's UTF-16 code units, as 16 hex digits: two independent 32-bit
 * FNV-1a lanes (different offset bases). Pure and dependency-free (the core has no node:crypto); it
 * only has to tell "the same plan" from "a different plan", not resist an attacker.
 *
 * @example
 * hashText('') // => '811c9dc5050c5d1f'
 */
export function hashText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x01000193);
    b ^= b >>> 15;
  }
  return hex(a) + hex(b);
}

function hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
