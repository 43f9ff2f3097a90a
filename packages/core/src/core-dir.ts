// Where packages/core is, for the few files found relative to it (the native spawner's source and binary,
// the lazily required `yaml`). From the sources, this module's folder's parent; in the bundle, which lives
// in packages/cli/dist/ (scripts/build.ts), the path the build defines.
declare const __ORCHESTRA_CORE_DIR__: string | undefined;

export const CORE_DIR_URL: URL =
  typeof __ORCHESTRA_CORE_DIR__ === 'string' ? new URL(__ORCHESTRA_CORE_DIR__, import.meta.url) : new URL('../', import.meta.url);
