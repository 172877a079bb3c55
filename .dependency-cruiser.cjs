// The layer rules (docs/architecture.md, "Layers"), checked by `npm run depcruise` in CI.
// A lib's public entries: its index, its testing entry (tests only), and @banjie/platform/config
// (the configuration schema, loaded before Nest so a bad value stops a process at once).
const ENTRIES = '^libs/[^/]+/src/index\\.ts$|^libs/[^/]+/src/testing/index\\.ts$|^libs/platform/src/config/app-config\\.ts$';
const TEST_CODE = '\\.(spec|int-spec|e2e-spec|browser-spec|testkit)\\.ts$|^test/|^libs/[^/]+/src/testing/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-plain',
      comment:
        'libs/domain is plain TypeScript (STYLE.md habit 3): no framework, database, node: module or other lib. ' +
        'It imports only itself and the official holiday table (chinese-days).',
      severity: 'error',
      from: { path: '^libs/domain/src/' },
      to: { pathNot: '^libs/domain/src/|^node_modules/chinese-days/' },
    },
    {
      name: 'libs-never-import-apps',
      comment: 'An app is an entry point; what two apps share lives in a lib.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-never-import-other-apps',
      comment: 'apps/api, apps/worker and apps/cli each import libs only; shared code moves into a lib.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-deep-imports',
      comment: 'Outside a lib, import it by its package name (@banjie/x, i.e. its index), never a file past the index.',
      severity: 'error',
      from: { path: '^(apps|bench|test|libs/[^/]+)/' },
      to: { path: '^libs/[^/]+/src/', pathNot: `^$1/|${ENTRIES}` },
    },
    {
      name: 'testing-entries-in-tests-only',
      comment: "A lib's testing entry (fixtures, given/when/then helpers) serves tests, never running code.",
      severity: 'error',
      from: { pathNot: TEST_CODE },
      to: { path: '^libs/[^/]+/src/testing/' },
    },
    {
      name: 'running-code-never-imports-tests',
      comment: 'Production code does not import test support or spec files.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
    {
      name: 'running-code-uses-runtime-dependencies',
      comment: 'apps and libs ship without devDependencies (jest, fast-check, supertest, playwright …); bench and tests may use them.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: TEST_CODE },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'Two modules that import each other (type-only imports count) have one job too many between them.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves (a typo or a removed file fails here before it fails at run time).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // apps/dashboard is static browser code: its imports are URLs (/assets/…) the API serves.
    exclude: { path: '^(dist|data|apps/dashboard)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.cjs', '.mjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
