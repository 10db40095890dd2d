// Writes rules/schema.json from the zod schema (`npm run schema`); test/rules/schema-json.test.ts fails
// when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ruleFileJsonSchema } from '../src/rules/index.js';

const target = fileURLToPath(new URL('../rules/schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(ruleFileJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
