// Lint with the module fences of docs/architecture.md enforced as import restrictions.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const uiPackages = ['chalk', 'ora', '@inquirer/prompts', 'commander'];
const noUi = (extra = []) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: uiPackages.map((name) => ({ name, message: 'only src/terminal/ and src/cli.ts talk to the screen' })),
      patterns: [
        { group: ['**/terminal/**', '**/terminal'], message: 'core modules never import terminal/' },
        { group: ['**/commands/**'], message: 'core modules never import a command: commands import the core' },
        ...extra,
      ],
    },
  ],
});

const AUDIO_ADAPTERS = [
  'src/audio/devices/mic-input.ts',
  'src/audio/devices/speaker-output.ts',
  'src/audio/devices/devices.ts',
];
const SDK_ADAPTER = 'src/live/transport/sdk-transport.ts';
const AUDIO_IMPORT = {
  selector: 'ImportExpression[source.value=/^(mic|speaker)$/], ImportDeclaration[source.value=/^(mic|speaker)$/]',
  message: 'only the audio adapters in src/audio/devices/ load mic/speaker',
};
const SDK_IMPORT = {
  selector:
    "ImportExpression[source.value='@google/genai'], ImportDeclaration[source.value='@google/genai'][importKind!='type']",
  message: 'only src/live/transport/sdk-transport.ts loads @google/genai',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        performance: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        fetch: 'readonly',
        Response: 'readonly',
        Request: 'readonly',
        Headers: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        queueMicrotask: 'readonly',
        setImmediate: 'readonly',
        structuredClone: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  // Statements, not comma expressions: `(a = 1), b && c()` hides control flow in an expression.
  { files: ['src/**/*.ts'], rules: { 'no-sequences': ['error', { allowInParentheses: false }] } },
  {
    files: [
      'src/token/**',
      'src/live/**',
      'src/audio/**',
      'src/vision/**',
      'src/serve/**',
      'src/mint-token.ts',
      'src/config.ts',
      'src/errors.ts',
      'src/redact.ts',
      'src/clock.ts',
    ],
    rules: noUi(),
  },
  // Only the audio adapters load mic/speaker, and one adapter owns the SDK for live sessions;
  // everything else speaks our own ports. Flat config replaces a rule's options per file, so the
  // two exceptions each restate the other restriction.
  { files: ['src/**/*.ts'], rules: { 'no-restricted-syntax': ['error', AUDIO_IMPORT, SDK_IMPORT] } },
  { files: AUDIO_ADAPTERS, rules: { 'no-restricted-syntax': ['error', SDK_IMPORT] } },
  { files: [SDK_ADAPTER], rules: { 'no-restricted-syntax': ['error', AUDIO_IMPORT] } },
  {
    // The emulator shares no runtime code with the client (a protocol bug must not be mirrored on
    // both sides and pass). Relative paths are ambiguous to this rule (emulator/live/ vs live/), so
    // test/unit/emulator/fence.test.ts resolves every import instead; here only the UI packages.
    files: ['src/emulator/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: uiPackages
            .filter((p) => p !== 'commander')
            .map((name) => ({ name, message: 'emulator logs go through its logger' })),
        },
      ],
    },
  },
  {
    // The shim is CommonJS (bin/package.json): no ES-module loader on the start-up path.
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Scripts that run in the browser (test pages, serve's example app): the page's globals, not Node's.
    files: ['test/fixtures/browser/**/*.js', 'src/serve/page/**/*.mjs'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        navigator: 'readonly',
        AudioContext: 'readonly',
        atob: 'readonly',
        btoa: 'readonly',
        URLSearchParams: 'readonly',
      },
    },
  },
  {
    files: ['test/**', 'bin/**', '*.config.*'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
