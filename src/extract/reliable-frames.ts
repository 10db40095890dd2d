import type { StackFrame, StackTrace } from '../model.js';

/**
 * A trace's frames without those the unwinder was unsure of (`? f+0x..`, powerpc's
 * `(unreliable)`): the call chain itself. Readers that take a trace's shape (its top frames, the
 * crash site, a frame list to draft a signature from) use this; `? ` frames are only weaker
 * evidence that the code ran (model.ts `StackFrame.unreliable`), and a list of lockdep's lock
 * sites (`StackTrace.locks`) is none.
 *
 * @example
 * reliableFrames({ frames: [{ function: 'f', unreliable: false }, { function: 'g', unreliable: true }] } as StackTrace).map((f) => f.function)
 * // => ['f']
 */
export function reliableFrames(trace: Pick<StackTrace, 'frames' | 'locks'>): StackFrame[] {
  // lockdep's lock sites are no chain at all.
  if (trace.locks) return [];
  return trace.frames.some((frame) => frame.unreliable) ? trace.frames.filter((frame) => !frame.unreliable) : trace.frames;
}
