import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaPathFor } from './schema-path.ts';
import { writeNewFile } from './write-new-file.ts';

const temp = (): string => mkdtempSync(path.join(tmpdir(), 'orchestra-draft-write-'));

describe('writeNewFile', () => {
  it('never replaces a file without force; replaces it with force, leaving no temp file', async () => {
    const dir = temp();
    const file = path.join(dir, 'plans', 'orchestra.config.yaml');
    expect(await writeNewFile(file, 'one\n', false)).toBe(true);
    expect(await writeNewFile(file, 'two\n', false)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('one\n');
    expect(await writeNewFile(file, 'three\n', true)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('three\n');
    expect(readdirSync(path.dirname(file))).toEqual(['orchestra.config.yaml']);
  });
});

describe('schemaPathFor', () => {
  it('points at the installed schema, relative to the plan', () => {
    const dir = temp();
    const schema = path.join(dir, 'node_modules', '@orchestra', 'core');
    mkdirSync(schema, { recursive: true });
    writeFileSync(path.join(schema, 'orchestra.schema.json'), '{}');
    expect(schemaPathFor(path.join(dir, 'orchestra.config.yaml'))).toBe('./node_modules/@orchestra/core/orchestra.schema.json');
    mkdirSync(path.join(dir, 'plans'));
    expect(schemaPathFor(path.join(dir, 'plans', 'a.yaml'))).toBe('../node_modules/@orchestra/core/orchestra.schema.json');
  });
  it('falls back to the conventional path', () => {
    expect(schemaPathFor(path.join(temp(), 'orchestra.config.yaml'))).toBe('./node_modules/@orchestra/core/orchestra.schema.json');
  });
});
