import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURE_DIRECTORY } from './helpers/fixtures.js';

// The built CLI (tests run after `build`).
const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'beam-inspect.js');
const FEATURES = join(FIXTURE_DIRECTORY, 'default', 'fixture_features.beam');

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('beam-inspect (built CLI)', () => {
  it('starts with a node shebang', () => {
    expect(readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('chunks', () => {
    const text = run('chunks', FEATURES);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^AtU8 {2}offset {7}12 {2}size/m);
    const json = JSON.parse(run('chunks', '--json', FEATURES).stdout);
    expect(json.chunks.map((chunk: { id: string }) => chunk.id)).toContain('LitT');
    expect(json.gzipped).toBe(false);
    expect(run('chunks', join(FIXTURE_DIRECTORY, 'compressed', 'fixture_features.beam')).stdout).toContain('gzip-compressed');
  });

  it('atoms', () => {
    expect(run('atoms', FEATURES).stdout).toMatch(/^ {4}1 {2}fixture_features$/m);
    expect(JSON.parse(run('atoms', '--json', FEATURES).stdout)[0]).toBe('fixture_features');
  });

  it('imports', () => {
    expect(run('imports', FEATURES).stdout).toMatch(/erlang:raise\/3$/m);
    expect(JSON.parse(run('--json', 'imports', FEATURES).stdout)).toContainEqual({ module: 'erlang', name: 'raise', arity: 3 });
  });

  it('exports', () => {
    expect(run('exports', FEATURES).stdout).toMatch(/^big_map\/0 {2}label \d+$/m);
    expect(JSON.parse(run('exports', '--json', FEATURES).stdout).map((entry: { name: string }) => entry.name)).toContain('bignums');
  });

  it('literals', () => {
    expect(run('literals', FEATURES).stdout).toContain('{[1,2.5,atom,"str",<<1,2,3>>,<<1:3>>,{nested,[tuple]}');
    const json = JSON.parse(run('literals', '--json', FEATURES).stdout);
    expect(json[0]).toEqual(expect.arrayContaining(['t']));
  });

  it('disasm', () => {
    const text = run('disasm', FEATURES).stdout;
    expect(text).toContain('function arith/2 (entry label');
    expect(text).toMatch(/\{gc_bif,'\+',\{f,0\},\d+,\[/);
    const json = JSON.parse(run('disasm', '--json', FEATURES).stdout);
    expect(json.map((fn: { name: string }) => fn.name)).toContain('module_info');
  });

  it('a malformed file: one line naming chunk and byte offset on stderr, non-zero exit', () => {
    const bytes = new Uint8Array(readFileSync(FEATURES));
    // Overwrite the ImpT entry count with a huge value.
    const impT = Buffer.from(bytes).indexOf('ImpT');
    new DataView(bytes.buffer).setUint32(impT + 8, 0x7fffffff);
    const path = join(mkdtempSync(join(tmpdir(), 'beam-inspect-')), 'bad.beam');
    writeFileSync(path, bytes);
    const result = run('imports', path);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`ImpT chunk, byte ${impT + 12}`);
    expect(result.stderr).toContain('(truncated)');

    writeFileSync(path, 'not a beam file at all');
    const notBeam = run('chunks', path);
    expect(notBeam.status).toBe(1);
    expect(notBeam.stderr).toMatch(/^beam-inspect: .*bad\.beam: byte 0: .*\(bad_magic\)\n$/);
  });

  it('usage errors exit 2', () => {
    expect(run().status).toBe(2);
    expect(run('frobnicate', FEATURES).status).toBe(2);
    expect(run('atoms').stderr).toContain('usage: beam-inspect');
    expect(run('atoms', '/no/such/file.beam').status).toBe(1);
  });
});
