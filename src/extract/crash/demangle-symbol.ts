/**
 * Readable names for the mangled symbols of Rust (v0) and C++ frames in kernel stack traces, so a
 * Rust panic is titled `... in <rust_binder::process::Process>::update_ref` as syzbot does, not by
 * its `_RNvMs3_...` symbol. Parameters, generic arguments and crate hashes are left out. Anything
 * not understood is returned unchanged: a frame name is never lost.
 *
 * @example
 * demangleSymbol('_RNvMs3_NtCshgDM7dBCdno_11rust_binder7processNtB5_7Process10update_ref')
 * // => '<rust_binder::process::Process>::update_ref'
 * demangleSymbol('_Z8fakeNameiii') // => 'fakeName'
 */
export function demangleSymbol(symbol: string): string {
  try {
    if (symbol.startsWith('_R')) return new RustDemangler(symbol.slice(2)).path(0) ?? symbol;
    if (symbol.startsWith('_Z')) return demangleItanium(symbol.slice(2)) ?? symbol;
  } catch {
    // Malformed or unsupported mangling: keep the symbol as printed.
  }
  return symbol;
}

const MAX_DEPTH = 32;

class RustDemangler {
  private pos = 0;
  constructor(private readonly s: string) {}

  private peek(): string {
    return this.s[this.pos] ?? '';
  }

  private next(): string {
    const ch = this.s[this.pos];
    if (ch === undefined) throw new Error('truncated symbol');
    this.pos++;
    return ch;
  }

  /** A base-62 number terminated by `_`; `_` alone is 0, otherwise value + 1. */
  private base62(): number {
    if (this.peek() === '_') {
      this.pos++;
      return 0;
    }
    let value = 0;
    for (;;) {
      const ch = this.next();
      if (ch === '_') return value + 1;
      const digit = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.indexOf(ch);
      if (digit < 0) throw new Error('bad base62');
      value = value * 62 + digit;
    }
  }

  private disambiguator(): void {
    if (this.peek() === 's') {
      this.pos++;
      this.base62();
    }
  }

  private identifier(): string {
    this.disambiguator();
    if (this.peek() === 'u') throw new Error('punycode identifiers are not supported');
    let digits = '';
    while (/[0-9]/.test(this.peek())) digits += this.next();
    if (!digits) throw new Error('missing identifier length');
    if (this.peek() === '_') this.pos++;
    const length = Number(digits);
    const name = this.s.slice(this.pos, this.pos + length);
    if (name.length !== length) throw new Error('truncated identifier');
    this.pos += length;
    return name;
  }

  private backref<T>(depth: number, read: (depth: number) => T): T {
    const target = this.base62();
    if (target >= this.pos) throw new Error('forward backref');
    const saved = this.pos;
    this.pos = target;
    const result = read(depth + 1);
    this.pos = saved;
    return result;
  }

  path(depth: number): string | null {
    if (depth > MAX_DEPTH) throw new Error('too deep');
    const tag = this.next();
    switch (tag) {
      case 'C':
        return this.identifier();
      case 'N': {
        const namespace = this.next();
        const parent = this.path(depth + 1);
        const name = this.identifier();
        if (namespace === 'C') return `${parent}::{closure}`;
        return name ? `${parent}::${name}` : parent;
      }
      case 'M': {
        this.disambiguator();
        this.path(depth + 1);
        return `<${this.type(depth + 1)}>`;
      }
      case 'X': {
        this.disambiguator();
        this.path(depth + 1);
        const type = this.type(depth + 1);
        return `<${type} as ${this.path(depth + 1)}>`;
      }
      case 'Y': {
        const type = this.type(depth + 1);
        return `<${type} as ${this.path(depth + 1)}>`;
      }
      case 'I': {
        const base = this.path(depth + 1);
        while (this.peek() !== 'E') this.genericArg(depth + 1);
        this.pos++;
        return base;
      }
      case 'B':
        return this.backref(depth, (d) => this.path(d));
      default:
        throw new Error(`unsupported path tag ${tag}`);
    }
  }

  private genericArg(depth: number): void {
    if (this.peek() === 'L') {
      this.pos++;
      this.base62();
    } else if (this.peek() === 'K') {
      throw new Error('const generics are not supported');
    } else {
      this.type(depth);
    }
  }

  private type(depth: number): string {
    if (depth > MAX_DEPTH) throw new Error('too deep');
    const basic = BASIC_TYPES[this.peek()];
    if (basic) {
      this.pos++;
      return basic;
    }
    if (this.peek() === 'B') {
      this.pos++;
      return this.backref(depth, (d) => this.type(d));
    }
    if (this.peek() === 'R' || this.peek() === 'Q') {
      const mutable = this.next() === 'Q';
      if (this.peek() === 'L') {
        this.pos++;
        this.base62();
      }
      return `&${mutable ? 'mut ' : ''}${this.type(depth + 1)}`;
    }
    return this.path(depth + 1) ?? '_';
  }
}

const BASIC_TYPES: Record<string, string> = {
  a: 'i8', b: 'bool', c: 'char', d: 'f64', e: 'str', f: 'f32', h: 'u8', i: 'isize', j: 'usize', l: 'i32', m: 'u32',
  n: 'i128', o: 'u128', s: 'i16', t: 'u16', u: '()', v: '...', x: 'i64', y: 'u64', z: '!', p: '_',
};

/** Itanium C++ names without parameters: `8fakeName` and nested `N3foo3barE`. */
function demangleItanium(s: string): string | null {
  let pos = 0;
  const name = (): string | null => {
    const match = /^(\d+)/.exec(s.slice(pos));
    if (!match) return null;
    pos += match[1]!.length;
    const length = Number(match[1]);
    const part = s.slice(pos, pos + length);
    if (part.length !== length) return null;
    pos += length;
    return part;
  };
  if (s[0] === 'N') {
    pos = 1;
    while (s[pos] === 'K' || s[pos] === 'V' || s[pos] === 'r') pos++;
    const parts: string[] = [];
    while (pos < s.length && s[pos] !== 'E') {
      const part = name();
      if (part === null) return null;
      parts.push(part);
    }
    return parts.length > 0 ? parts.join('::') : null;
  }
  return name();
}
