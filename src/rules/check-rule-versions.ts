import { parseKernelVersion } from '../extract/index.js';
import { quoteCode } from './quote-code.js';

/**
 * The kinds of kernel versions a rule names, each with the shape it must have. Rules are compared
 * against reporters' kernels by src/match, so a version that does not parse exactly would silently
 * never match: every check returns a message naming the fix, or null.
 */
export type RuleVersionKind = 'distro' | 'introduced' | 'mainline' | 'stable';

/**
 * Why `text` is not a valid version of `kind`, or null when it is.
 *
 * @example
 * checkRuleVersion('stable', '3.12.x')  // => '`3.12.x` is not a kernel version: write a release like 3.12.15'
 * checkRuleVersion('mainline', '3.14-rc6') // => null
 */
export function checkRuleVersion(kind: RuleVersionKind, text: string): string | null {
  const trimmed = text.trim();
  if (trimmed !== text) return `${quoteCode(text)} has surrounding spaces: write ${quoteCode(trimmed)}`;
  if (/^v\d/.test(text)) return `write ${quoteCode(text.slice(1))} without the leading \`v\``;
  const version = parseKernelVersion(text);
  const example = EXAMPLES[kind];
  if (!version) return `${quoteCode(text)} is not a kernel version: write ${example}`;
  const { major, minor, sublevel, rc } = version;
  const base = `${major}.${minor}`;
  if (kind !== 'distro') {
    // The comment prints the version as written: it must be the tag's spelling.
    if (rc === 0) return `there is no rc0: the first release candidate is ${base}-rc1`;
    const unpadded = text.replace(/(^|\.|-rc)0+(?=\d)/g, '$1');
    if (unpadded !== text) return `write ${quoteCode(unpadded)} without leading zeros`;
  }
  switch (kind) {
    case 'mainline':
      if (MAINLINE.test(text)) return null;
      if (STABLE.test(text) && sublevel === 0) return `write mainline ${base} as \`${base}\`, not ${quoteCode(text)}`;
      if (STABLE.test(text)) return `${quoteCode(text)} is a stable release, not a mainline one: put it under \`stable\`; mainline is ${example}`;
      return `${quoteCode(text)} is not a mainline release: write ${example}`;
    case 'stable':
      if (STABLE.test(text) && sublevel !== 0) return null;
      if (STABLE.test(text)) return `${quoteCode(text)} is mainline ${base}, not a stable release: put \`${base}\` under \`mainline\``;
      if (MAINLINE.test(text)) {
        return rc === null
          ? `${quoteCode(text)} is a mainline release: put it under \`mainline\`; stable releases are ${example}`
          : `${quoteCode(text)} is a release candidate: put it under \`mainline\`; stable releases are ${example}`;
      }
      return `${quoteCode(text)} is not a stable release: write ${example}`;
    case 'introduced':
      if (MAINLINE.test(text) || (STABLE.test(text) && sublevel !== 0)) return null;
      if (STABLE.test(text)) return `write mainline ${base} as \`${base}\`, not ${quoteCode(text)}`;
      return `${quoteCode(text)} is not an upstream release: write ${example}`;
    case 'distro':
      if (sublevel === null) return `${quoteCode(text)} is not a distro kernel build: write ${example}`;
      return null;
  }
}

const MAINLINE = /^\d+\.\d+(?:-rc\d+)?$/;
const STABLE = /^\d+\.\d+\.\d+$/;

const EXAMPLES: Record<RuleVersionKind, string> = {
  distro: 'the build as `uname -r` shows it without the flavour, like 5.15.0-92 or 4.18.0-477.10.1.el8_8',
  introduced: 'a release like 3.12-rc1, 3.12 or 3.12.4',
  mainline: 'X.Y or X.Y-rcN, like 3.14 or 3.14-rc6',
  stable: 'a release like 3.12.15',
};
