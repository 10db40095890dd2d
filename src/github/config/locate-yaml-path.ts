import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import type { ConfigProblem } from './config-schema.js';

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

/**
 * Where a config problem belongs in the file, for its check-run annotation: a YAML syntax error
 * at the error (the loader only has the parser's message), an unknown key at that key (zod reports
 * it on its section), anything else at its key path.
 *
 * @example
 * locateConfigProblem('labels:\n  prefx: x\n', { path: ['labels'], message: 'unknown key "prefx"', unknownKey: 'prefx' }) // => { line: 2, column: 3 }
 */
export function locateConfigProblem(text: string, problem: ConfigProblem): YamlLocation {
  const syntax = yamlSyntaxError(text);
  if (syntax !== null) return syntax.location;
  if (problem.unknownKey !== undefined) {
    const key = locateKey(text, problem.path, problem.unknownKey);
    if (key !== null) return key;
  }
  return locateYamlPath(text, problem.path) ?? { line: 1, column: 1 };
}

/** The position of `key` itself in the mapping at `path`; null when it is not there. */
function locateKey(text: string, path: readonly (number | string)[], key: string): YamlLocation | null {
  try {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter });
    const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
    if (!isMap(parent)) return null;
    const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
    if (!pair || !isNode(pair.key) || !pair.key.range) return null;
    const { line, col } = lineCounter.linePos(pair.key.range[0]);
    return { line, column: col };
  } catch {
    return null;
  }
}
