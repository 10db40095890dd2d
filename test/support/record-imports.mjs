// `node --import ./test/support/record-imports.mjs ...`: appends the URL of every module the process
// imports (ESM resolution, packages included) to the file named by KTRIAGE_IMPORT_LOG, one a line.
// test/cli/lazy-commands.test.ts uses it to prove `ktriage --help` loads no command's code.
import { register } from 'node:module';

const hook = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (process.env.KTRIAGE_IMPORT_LOG) appendFileSync(process.env.KTRIAGE_IMPORT_LOG, result.url + '\\n');
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
