/**
 * STYLE.md habit 3: the domain is plain TypeScript. No framework, database or file-system
 * imports and no clock reads anywhere under libs/domain/src. This spec is the one file here
 * that does I/O (it reads the sources), so it leaves itself out of the scan.
 */
import { readdirSync, readFileSync } from 'fs';
import { join, relative } from 'path';

const root = __dirname;
const self = __filename;

const FORBIDDEN_MODULES = [/^@nestjs\//, /^pg$/, /^pg\//, /^typeorm($|\/)/, /^@electric-sql\//, /^fs($|\/)/, /^node:/];
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
const CLOCK_READS = [/\bDate\s*\.\s*now\s*\(/, /\bnew\s+Date\s*\(\s*\)/];

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') && path !== self ? [path] : [];
  });
}

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const files = tsFiles(root);

describe('domain purity', () => {
  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s imports no framework, database, file system or node: module', (_name, file) => {
    const source = withoutComments(readFileSync(file, 'utf8'));
    const imported = [...source.matchAll(IMPORT)].map((m) => m[1]);
    expect(imported.filter((m) => FORBIDDEN_MODULES.some((rule) => rule.test(m)))).toEqual([]);
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s never reads the clock', (_name, file) => {
    const source = withoutComments(readFileSync(file, 'utf8'));
    expect(CLOCK_READS.filter((rule) => rule.test(source)).map(String)).toEqual([]);
  });

  it('the rules catch what they should', () => {
    const bad = "import { Injectable } from '@nestjs/common';\nimport { Pool } from 'pg';\nconst t = Date.now(); const d = new Date();";
    const imported = [...bad.matchAll(IMPORT)].map((m) => m[1]);
    expect(imported.filter((m) => FORBIDDEN_MODULES.some((rule) => rule.test(m)))).toEqual(['@nestjs/common', 'pg']);
    expect(CLOCK_READS.every((rule) => rule.test(bad))).toBe(true);
    expect(CLOCK_READS.some((rule) => rule.test('new Date(instant.getTime())'))).toBe(false);
    expect(FORBIDDEN_MODULES.some((rule) => rule.test('chinese-days'))).toBe(false);
    expect(FORBIDDEN_MODULES.some((rule) => rule.test('node:crypto'))).toBe(true);
  });
});
