// `npm run build` (also `npm ci`'s prepare and `npm test`'s pretest): checks the Node version before
// anything TypeScript is loaded, so an install on the wrong Node says so instead of failing with a syntax
// error, then builds dist/ (scripts/build.ts) and the native spawner (packages/core/scripts/build-spawner.ts).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stdout.write(
    `orchestra: the build needs Node 22.18 or newer and this is Node ${process.versions.node}; nothing was built.\n` +
      '  In this repository, run it through npm so the pinned Node 22 comes first: npm run build\n',
  );
  process.exit(0);
}
// The built JavaScript (dist/), then the native spawner (compiled only when its source changed).
await import('./build.ts');
await import('../packages/core/scripts/build-spawner.ts');
