// Where the native spawner (packages/core/native/spawner.c, built by scripts/build-spawner.ts) lives, and
// whether it may be used: only when the stamp beside the binary holds the sha256 of the current
// spawner.c, so a binary built from an older source is never run.
//
// Paths are relative to packages/core/ (core-dir.ts: the sources' place, or the bundle's).
import { createHash } from 'node:crypto';
import { accessSync, constants, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CORE_DIR_URL } from '../core-dir.ts';

export const NATIVE_SPAWNER_NAME = 'orchestra-spawner';
export const STAMP_SUFFIX = '.sha256';

export function nativeSpawnerSource(): string {
  return fileURLToPath(new URL('native/spawner.c', CORE_DIR_URL));
}

export function nativeSpawnerOutDir(): string {
  return fileURLToPath(new URL('native/out/', CORE_DIR_URL));
}

export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The binary's path when it is built from the current source; undefined otherwise (missing, stale, no
 * source to compare with). `outDir` and `source` are for tests.
 */
export function findNativeSpawner(outDir = nativeSpawnerOutDir(), source = nativeSpawnerSource()): string | undefined {
  const binary = `${outDir.replace(/\/$/, '')}/${NATIVE_SPAWNER_NAME}`;
  try {
    const stamp = readFileSync(`${binary}${STAMP_SUFFIX}`, 'utf8').trim();
    if (stamp !== sha256Hex(readFileSync(source))) return undefined;
    accessSync(binary, constants.X_OK);
    return binary;
  } catch {
    return undefined;
  }
}

let cached: { path: string | undefined } | undefined;

/** findNativeSpawner() for the default location, looked up once per process (lazily). */
export function defaultNativeSpawner(): string | undefined {
  cached ??= { path: findNativeSpawner() };
  return cached.path;
}
