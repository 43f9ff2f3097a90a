#!/usr/bin/env node
// The `orchestra` command. Sources are TypeScript run by Node's type stripping (Node >= 22.18), so
// there is no build step. Check the Node version first, with a message instead of a syntax error.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `orchestra needs Node 22.18 or newer; this is Node ${process.versions.node}.\n` +
      `  In this repository, run it through npm so the pinned Node 22 comes first: npx orchestra ...\n`,
  );
  process.exit(2);
}
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
