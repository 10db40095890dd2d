import type { Command } from 'commander';
import { ruleFileJsonSchema } from '../../rules/index.js';

/**
 * `ktriage schema`: print the JSON Schema of rule files (the content of rules/schema.json), for
 * editors with yaml-language-server and for other tools. Exit 0.
 */
export function runSchema(io: { stdout: { write(chunk: string): unknown } }): number {
  io.stdout.write(`${JSON.stringify(ruleFileJsonSchema(), null, 2)}\n`);
  return 0;
}

/** Register `ktriage schema` on the CLI program. */
export function addSchemaCommand(program: Command, io: { stdout: { write(chunk: string): unknown } }, setExitCode: (code: number) => void): void {
  program
    .command('schema')
    .description('print the JSON Schema of rule files (rules/schema.json)')
    .action(() => setExitCode(runSchema(io)));
}
