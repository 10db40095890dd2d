import { LineCounter, parseDocument, isNode } from 'yaml';

export interface YamlLocation {
  /** 1-based, as check-run annotations and editors count. */
  line: number;
  column: number;
}

/**
 * Where a key path (["labels", "prefix"]) sits in a YAML text, so a config problem can be
 * annotated at its line. Falls back to the nearest existing parent (an unknown key's problem is
 * reported on its section); null when the text is not YAML at all. Never throws.
 *
 * @example
 * locateYamlPath('labels:\n  prefix: 3\n', ['labels', 'prefix']) // => { line: 2, column: 11 }
 */
export function locateYamlPath(text: string, path: readonly (number | string)[]): YamlLocation | null {
  try {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter });
    for (let length = path.length; length >= 0; length -= 1) {
      const node = length === 0 ? doc.contents : doc.getIn(path.slice(0, length), true);
      if (isNode(node) && node.range) {
        const { line, col } = lineCounter.linePos(node.range[0]);
        return { line, column: col };
      }
    }
    return { line: 1, column: 1 };
  } catch {
    return null;
  }
}

/** Where the first YAML syntax error is, for a config that does not parse at all. */
export function yamlSyntaxError(text: string): { message: string; location: YamlLocation } | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const error = doc.errors[0];
  if (!error) return null;
  const { line, col } = lineCounter.linePos(error.pos[0]);
  return { message: error.message.split('\n')[0]!, location: { line, column: col } };
}
