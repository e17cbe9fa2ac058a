// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layers (docs/architecture.md): src/core is pure TypeScript under everything; src/protocol (the panel's
// messages) sits on core; the CLI and the extension sit on both; the webview is a browser page that shares the
// protocol and only the types of core. Relative imports are matched, so `(../)+cli/` from src/core is the CLI.
const noVscode = {
  name: 'vscode',
  message: 'src/core, src/protocol and src/cli must stay free of the vscode API (they run in plain Node).',
};
const noUpward = (layer, above) => ({
  regex: `^(\\.\\./)+(${above.join('|')})(/|$)`,
  message: `${layer} is below ${above.map((name) => `src/${name}`).join(' and ')}: it must not import them (move what both need down into ${layer}).`,
});

// Per-image records (src/core/records) sit below the engine, the cache and the content model; the cache stores
// records without knowing how a run goes. Relative imports from a sibling folder of src/core are `../name/`.
const below = (layer, above) => ({
  regex: `^\\.\\./(${above.join('|')})(/|$)`,
  message: `${layer} is below src/core/${above.join(', src/core/')}: it must not import them (move what both need into src/core/records).`,
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'media/**', 'test/fixtures/generated/**', '.vscode-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noVscode], patterns: [noUpward('src/core', ['cli', 'extension', 'protocol'])] },
      ],
    },
  },
  {
    files: ['src/core/records/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            noUpward('src/core', ['cli', 'extension', 'protocol']),
            below('src/core/records', ['engine', 'cache', 'content']),
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/cache/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            noUpward('src/core', ['cli', 'extension', 'protocol']),
            below('src/core/cache', ['engine', 'content']),
          ],
        },
      ],
    },
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noVscode], patterns: [noUpward('src/protocol', ['cli', 'extension'])] },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noVscode], patterns: [noUpward('src/cli', ['extension'])] },
      ],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['vscode', 'sharp', 'fs', 'node:fs', 'child_process', 'node:child_process'].map((name) => ({
            name,
            message: 'The webview runs in a browser sandbox.',
          })),
          patterns: [
            {
              regex: '^(\\.\\./)+src/core/',
              allowTypeImports: true,
              message:
                'The webview imports only types from src/core (code it needs goes through src/protocol).',
            },
            {
              regex: '^(\\.\\./)+src/(cli|extension)(/|$)',
              message: 'The webview runs in a browser: it talks to the extension through src/protocol only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
);
