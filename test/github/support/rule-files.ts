/** What the rules-check tests share: the PR head, the repository's rule folder and config, encoders. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/github/${name}`, import.meta.url)), 'utf8');
export const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
export const RULE_DIR = '.github/ktriage';
export const RULE_FILE = `${RULE_DIR}/local.yml`;
export const CONFIG = `rules:\n  paths: [${RULE_DIR}/]\n`;
export const enc = (path: string) => encodeURIComponent(path);
export const b64 = (text: string) => Buffer.from(text).toString('base64');
