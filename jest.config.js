// One Jest config for every tier; the file name says the tier (STYLE.md habit 8):
// *.spec.ts pure, *.int-spec.ts real databases, test/e2e HTTP, test/browser Chromium.
const { compilerOptions } = require('./tsconfig.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  const key = '^' + alias.replace('/*', '/(.*)') + '$';
  moduleNameMapper[key] = '<rootDir>/' + target.replace(/^\.\//, '').replace('/*', '/$1');
}

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.{spec,int-spec,e2e-spec,browser-spec}.ts'],
  moduleFileExtensions: ['ts', 'js', 'json', 'mjs', 'cjs'],
  transform: {
    '^.+\\.(t|j|mj|cj)s$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // Nest 12 ships ESM only; Jest on Node 20 cannot require() it, so it is transpiled too
  // (see STACK-NOTES). The trailing lookahead keeps nested node_modules untouched.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|content-disposition|file-type|@tokenizer|@borewit|strtok3|token-types|uint8array-extras)/)(?!.*/node_modules/)',
  ],
  moduleNameMapper,
  testTimeout: 60000,
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
};
