// ESLint: typescript-eslint's recommended rules plus the one rule that keeps the architecture honest:
// the pure core (extract/, rules/, match/, plan/, markdown/, render/, writes/, triage.ts, model.ts) never reaches an adapter,
// probot, octokit, node I/O, `process` or the clock (../shared/STYLE.md, "Dependency direction").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// An adapter's role folders (src/github/client/, src/bugzilla/store/, ...) meet only through each
// folder's index.ts, its door: `../client/index.js`, never `../client/create-writer.js`.
const ROLE_DOOR = { regex: '^\\.\\./[^./][^/]*/(?!index\\.js$)[^/]+$', message: "Import another role folder through its door: '../<folder>/index.js'." };

const CORE = ['src/extract/**', 'src/rules/**', 'src/match/**', 'src/plan/**', 'src/markdown/**', 'src/render/**', 'src/writes/**', 'src/suggest/**', 'src/triage.ts', 'src/model.ts', 'src/index-core.ts'];

// The core's folders meet the rest of the code (and each other) only through their index.ts, the
// folder's contract: `../extract/index.js`, never `../extract/parse-kernel-version.js`.
// rules/ has a second, light door (light.ts: types, limits, the problem line) for what runs on every
// triage: index.ts also loads the YAML parser and zod. match/ has one too (light.ts: the description
// index's search over posting lists, which the loader of precomputed postings needs without the
// tokenizer and stemmer on every run's start-up path).
const CORE_DOOR = {
  regex: '^(\\./|(\\.\\./)+)((extract|plan|render|writes)/(?!index\\.js$)|(rules|match)/(?!(index|light)\\.js$))',
  message: "Import a core folder (extract/, match/, plan/, render/, rules/, writes/) through its door: '<folder>/index.js' (rules/ also has 'rules/light.js' without the parser, match/ 'match/light.js' without the tokenizer); export what you need there.",
};

// One logger (src/log): adapters log through it, never through console.* or a pino of their own.
const ONE_LOGGER = { group: ['pino', 'pino-*'], message: 'Log through the one Logger: import createLogger/Logger from src/log.' };
const ADAPTERS = ['src/**/*.ts'];
// Files whose no-restricted-imports is set by their own block (the core's, the role folders').
const NOT_ADAPTERS = ['src/log/**', ...CORE, 'src/github/*/**', 'src/bugzilla/*/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'action/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: CORE,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            CORE_DOOR,
            { group: ['**/github/**', '**/github', '**/bugzilla/**', '**/bugzilla', '**/cli/**', '**/cli'], message: 'The core never imports an adapter: adapters import the core.' },
            { group: ['probot', 'probot/*', '@octokit/*', 'octokit', 'better-sqlite3'], message: 'The core never talks to GitHub, Bugzilla or a database: return actions, let adapters apply them.' },
            { group: ['node:fs', 'node:fs/*', 'fs', 'fs/*', 'node:http', 'node:https', 'node:net', 'node:child_process', 'node:process', 'node:os', 'http', 'https', 'net', 'child_process', 'os'], message: 'The core does no I/O: adapters read files and the network and pass text in.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The core never reads process: pass options in.' },
        { name: 'fetch', message: 'The core does no I/O.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'The core has no clock: take `now` as a parameter.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The core has no clock: take `now` as a parameter.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'The core is deterministic.' },
      ],
    },
  },
  // Data flows one way through the core: extract/ -> match/ -> plan/ -> render/. A stage never
  // imports a later one (render/ may name earlier stages' types: it words what they decided).
  ...[
    { files: ['src/extract/**'], later: ['match', 'plan', 'render'] },
    { files: ['src/match/**'], later: ['plan', 'render'] },
    { files: ['src/plan/**'], later: ['render'] },
    { files: ['src/markdown/**'], later: ['extract', 'match', 'plan', 'render'] },
  ].map(({ files, later }) => ({
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: later.flatMap((stage) => [`**/${stage}/**`, `**/${stage}`]), message: `Data flows extract/ -> match/ -> plan/ -> render/: this folder never imports ${later.join('/, ')}/.` }] },
      ],
    },
  })),
  {
    files: ['src/render/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/extract/**', '**/match/**', '**/plan/**'], allowTypeImports: true, message: 'render/ only words a plan: it takes types from earlier stages, never calls them.' }] },
      ],
    },
  },
  {
    files: ADAPTERS,
    ignores: ['src/log/**'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ADAPTERS,
    ignores: NOT_ADAPTERS,
    rules: { 'no-restricted-imports': ['error', { patterns: [ONE_LOGGER, CORE_DOOR] }] },
  },
  {
    files: ['src/github/*/**/*.ts', 'src/bugzilla/*/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [ROLE_DOOR, ONE_LOGGER, CORE_DOOR] }] },
  },
  {
    // The GitHub adapter's pure parts (command parser, config schema, everything in comment/)
    // cannot reach the network either, so they stay table-testable (triagebot's parser crate).
    files: ['src/github/commands/parse-command.ts', 'src/github/config/config-schema.ts', 'src/github/comment/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [ROLE_DOOR, ONE_LOGGER, CORE_DOOR, { group: ['probot', 'probot/*', '@octokit/*', 'octokit', 'node:*', 'http', 'https', 'net', 'fs'], message: 'This module is pure: no network, no I/O.' }] }],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'This module is pure: no network.' }, { name: 'process', message: 'This module is pure.' }],
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
