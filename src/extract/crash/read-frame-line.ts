/**
 * One line as a stack frame, in any shape of frame-shapes.ts: the one frame parser that crash
 * titles and Facts.stacks share.
 */
import { demangleSymbol } from './demangle-symbol.js';
import { FRAME_SHAPES, LEADING_MARKER, type FrameRole } from './frame-shapes.js';

export interface FrameLine {
  role: FrameRole;
  /** The row of FRAME_SHAPES that read the line. */
  shape: string;
  /** The function, normalised: no offset, no `.isra.N`/`.constprop.N`/`.part.N`/`.cold`/`.llvm.N` suffix; Rust/C++ demangled. */
  function: string;
  /** arm's `(f) from (g)`: the caller on the same line. */
  caller: string | null;
  module: string | null;
  source: string | null;
  inline: boolean;
  /** `? f+0x..` or powerpc's `(unreliable)`: the unwinder was unsure the frame is part of the chain. */
  unsure: boolean;
  /** `(inlined by) g at ...`: the frame before this one was inlined into this one. */
  inlinedBy: boolean;
  /** Shapes crash titles read frames from (see FrameShape.titles). */
  titles: boolean;
}

/** Cheap pre-check: a frame line holds `+`, ` at `, `(`, or `[inline]`; most log lines have none of the shapes' anchors. */
const MAYBE_FRAME = /[+(]| at |\[inline\]| from /;

/**
 * The frame a console message holds (its `[ts][T1]` prefix already removed), or null.
 *
 * @example
 * readFrameLine('[<0>] xfs_fs_freeze.isra.0+0x15/0x40 [xfs]')
 * // => { role: 'frame', shape: 'offset', function: 'xfs_fs_freeze', module: 'xfs', unsure: false, ... }
 */
export function readFrameLine(message: string): FrameLine | null {
  if (!MAYBE_FRAME.test(message)) return null;
  const line = message.replace(LEADING_MARKER, ' ');
  for (const shape of FRAME_SHAPES) {
    const match = shape.re.exec(line);
    const groups = match?.groups;
    if (!groups?.func) continue;
    return {
      role: shape.role,
      shape: shape.name,
      function: symbolName(groups.func),
      caller: groups.func2 ? symbolName(groups.func2) : null,
      module: groups.module ?? groups.bare ?? null,
      source: groups.source ?? groups.source2 ?? null,
      inline: groups.inline !== undefined,
      unsure: groups.unsure !== undefined || groups.unsure2 !== undefined || groups.unreliable !== undefined,
      inlinedBy: groups.by !== undefined,
      titles: shape.titles,
    };
  }
  return null;
}

function symbolName(symbol: string): string {
  return symbol.startsWith('_R') || symbol.startsWith('_Z') ? demangleSymbol(symbol) : symbol;
}
