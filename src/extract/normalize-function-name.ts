/**
 * One spelling per kernel function, whatever trace shape printed it. Compiler clones
 * (`.isra.0`, `.constprop.3`, `.part.12`, `.cold`, `.llvm.123456`) are the same source function;
 * offsets (`+0x1a/0x30`), addresses (`[<ffffffff81234567>]`), `?` marks and module tags (`[xfs]`)
 * differ between builds and boots. Stack signatures and the trace reader both go through this, so
 * what a rule names and what a report shows compare equal.
 */

/** GCC/Clang clone suffixes, possibly stacked (`f.isra.0.cold`, `f.constprop.0.isra.0`). */
const CLONE_SUFFIX = /(?:\.(?:isra|constprop|part|lto_priv|llvm|specialized|clone)\.\d+|\.cold(?:\.\d+)?|\.localalias)+$/;
/** A C identifier (Rust symbols are demangled elsewhere; `::` paths are kept whole). */
const NAME = /[A-Za-z_$][A-Za-z0-9_$.]*(?:::[A-Za-z_$][A-Za-z0-9_$.]*)*/;

/**
 * The bare function name of a frame or a rule's written name; empty when the text names none.
 *
 * @example
 * normalizeFunctionName('? xfs_iwalk_ag.isra.0+0x1c/0x2f0 [xfs]') // => 'xfs_iwalk_ag'
 * normalizeFunctionName('[<000003ff8012a874>] alua_check+0x3c/0x98') // => 'alua_check'
 * normalizeFunctionName('ext4_map_blocks.cold') // => 'ext4_map_blocks'
 */
export function normalizeFunctionName(text: string): string {
  let rest = text.trim();
  // Leading address and `?` marks: `[<ffffffff8123>]`, `[<0>]`, `? `, `#3 [ffffb0..]`.
  rest = rest.replace(/^(?:#\d+\s+)?(?:\[<?(?:0x)?[0-9a-fA-F]+>?\]\s*)*(?:\?\s+)?/, '');
  const found = NAME.exec(rest);
  if (found === null || found.index !== 0) return '';
  return found[0].replace(/\.+$/, '').replace(CLONE_SUFFIX, '');
}
