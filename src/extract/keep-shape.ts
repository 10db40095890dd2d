/**
 * Instances held for the life of the process, one per class whose instances a report's read makes
 * and drops (the line table, the console lines): `keepShape(new LineTable(''))`.
 *
 * Why: V8 holds a class instance's final hidden class (map) only through its instances and the
 * transition tree, whose links are weak. When a report's read is done and a full (mark-compact)
 * collection runs, the last instance dies, so does its map, and V8 throws away every piece of
 * optimised code that checks that map ("marking dependent code ... for deoptimization, reason:
 * weak objects" under `node --trace-deopt`). The next report builds a new map and re-optimises
 * the whole reader: measured on a 1 MB kernel log, the two reports read after a full collection
 * cost 2-3x the steady state (about 150 functions re-optimised), report after report in a bot
 * whose heap is collected between reports. An instance that never dies keeps the map, and the
 * optimised code with it. Each costs a few bytes.
 *
 * @example
 * keepShape(new LineTable('')) // returns its argument
 */
export function keepShape<T extends object>(instance: T): T {
  RESIDENT.push(instance);
  return instance;
}

const RESIDENT: object[] = [];
