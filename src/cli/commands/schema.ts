import { ruleFileJsonSchema } from '../../rules/index.js';

/**
 * `ktriage schema`: print the JSON Schema of rule files (the content of rules/schema.json), for
 * editors with yaml-language-server and for other tools. Exit 0.
 */
export function runSchema(io: { stdout: { write(chunk: string): unknown } }): number {
  io.stdout.write(`${JSON.stringify(ruleFileJsonSchema(), null, 2)}\n`);
  return 0;
}
