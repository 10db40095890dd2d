import type { z } from 'zod';

/*
 * Just enough zod 4 introspection to follow a YAML path through the schema: which keys an object at
 * that path knows (for key aliases and "did you mean"), without a second hand-kept key table.
 */

type AnySchema = z.core.$ZodType;

interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  valueType?: AnySchema;
  keyType?: AnySchema;
  entries?: Record<string, string>;
  options?: AnySchema[];
}

function defOf(schema: AnySchema): Def {
  return schema._zod.def as unknown as Def;
}

/** Strip optional/default/nullable wrappers and transforms (a pipe's input side is what YAML holds). */
export function unwrapSchema(schema: AnySchema): AnySchema {
  let current = schema;
  for (let depth = 0; depth < 50; depth++) {
    const def = defOf(current);
    const next = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!next) return current;
    current = next;
  }
  return current;
}

/** The object shapes a value at this schema may take (several for a union of objects). */
function objectShapes(schema: AnySchema): Array<Record<string, AnySchema>> {
  const def = defOf(unwrapSchema(schema));
  if (def.type === 'object' && def.shape) return [def.shape];
  if (def.type === 'union' && def.options) return def.options.flatMap(objectShapes);
  return [];
}

/** The keys an object at this schema knows, or null when it is not an object (a record, a list, ...). */
export function objectKeys(schema: AnySchema): string[] | null {
  const def = defOf(unwrapSchema(schema));
  // A record keyed by an enum (`distro: { ubuntu: ... }`) knows its keys too.
  if (def.type === 'record' && def.keyType) {
    const keyDef = defOf(unwrapSchema(def.keyType));
    if (keyDef.type === 'enum' && keyDef.entries) return Object.values(keyDef.entries);
    return null;
  }
  const shapes = objectShapes(schema);
  if (shapes.length === 0) return null;
  return [...new Set(shapes.flatMap((shape) => Object.keys(shape)))];
}

/** The schema of the child at `segment` (a key or list index), or null when the schema has none. */
export function childSchema(schema: AnySchema, segment: string | number): AnySchema | null {
  const inner = unwrapSchema(schema);
  const def = defOf(inner);
  if (def.type === 'array' && def.element) return def.element;
  if (def.type === 'record' && def.valueType) return def.valueType;
  if (typeof segment === 'string') {
    for (const shape of objectShapes(inner)) if (shape[segment]) return shape[segment];
  }
  if (def.type === 'union' && def.options) {
    for (const option of def.options) {
      const child = childSchema(option, segment);
      if (child) return child;
    }
  }
  return null;
}

/** The schema at a path below `schema`, or null when the path leaves it. */
export function schemaAt(schema: AnySchema, path: ReadonlyArray<PropertyKey>): AnySchema | null {
  let current: AnySchema | null = schema;
  for (const segment of path) {
    if (!current || typeof segment === 'symbol') return null;
    current = childSchema(current, segment);
  }
  return current;
}
