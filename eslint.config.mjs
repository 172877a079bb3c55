// Lint (npm run lint, in CI): typescript-eslint's recommended set plus a few type-aware rules
// that catch what this codebase cares about. Formatting is Prettier's job, not ESLint's; the
// layer rules are dependency-cruiser's (.dependency-cruiser.cjs).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'coverage/**', 'apps/dashboard/vendor/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a value left out on purpose (a rest sibling, an unused callback argument).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Relaxed: rows arrive untyped from pg / PGlite and JSON bodies in tests are unknown shapes;
      // `Record<string, any>` at that boundary is read field by field into typed values, and a cast
      // per field would say less. Everywhere else `strict` TypeScript applies.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Events and commands are discriminated unions: a switch over one names every case.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // A promise nobody awaits or catches is a background loop that can stop silently.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    // The domain never reads the clock: time arrives in the command's metadata (STYLE.md habit 3).
    files: ['libs/domain/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'The domain never reads the clock; time is passed in.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'The domain never reads the clock; time is passed in.',
        },
      ],
    },
  },
  {
    // The dashboard's scripts run in the browser as ES modules.
    files: ['apps/dashboard/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser } },
  },
  {
    // Node scripts in CommonJS: Jest's config and global setup, the cruiser's config, test children.
    files: ['**/*.cjs', 'jest.config.js', 'test/support/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
