// The floor under `orchestra run` for 1,000 no-op tasks: a fresh Node process that does nothing but push
// 1,000 `true` processes at concurrency 8 through orchestra's native spawner (no plan, no state, no
// events, no output). Plain JavaScript, so that nothing but Node itself starts. Timed from outside by
// bench/engine-spawn.ts; `node bench/spawn-floor.mjs [count] [concurrency] [busyUs]` to run it alone.
// busyUs: CPU spent on the main thread for each process that ends (a busy loop), standing in for an
// engine's own work per task (bench/engine-budget.ts uses it to price orchestra's).
// Its frames are spawner-protocol.ts's 'R' (request) and 'C' (closed), written out here in a few lines.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const count = Number(process.argv[2] ?? 1_000);
const concurrency = Number(process.argv[3] ?? 8);
const busyUs = Number(process.argv[4] ?? 0);
const busy = () => {
  const until = performance.now() + busyUs / 1000;
  while (performance.now() < until);
};
const binary = fileURLToPath(new URL('../packages/core/native/out/orchestra-spawner', import.meta.url));
if (!existsSync(binary)) throw new Error(`no native spawner at ${binary}: run npm run build`);

const envBlock = Buffer.from(Object.entries(process.env).map(([k, v]) => `${k}=${v}\0`).join(''));
const envCount = Object.keys(process.env).length;
function request(id) {
  const strings = Buffer.from(`true\0${process.cwd()}\0`);
  const buf = Buffer.alloc(18 + strings.length + envBlock.length);
  buf.writeUInt32LE(buf.length - 4, 0);
  buf.writeUInt32LE(id, 4);
  buf[8] = 'R'.charCodeAt(0);
  buf[9] = 0; // no input
  buf.writeUInt32LE(0, 10); // argc after the file
  buf.writeUInt32LE(envCount, 14);
  strings.copy(buf, 18);
  envBlock.copy(buf, 18 + strings.length);
  return buf;
}

const helper = spawn(binary, [], { stdio: ['pipe', 'pipe', 'inherit'] });
let next = 1;
let closed = 0;
const start = () => {
  if (next <= count) helper.stdin.write(request(next++));
};
let pending = Buffer.alloc(0);
helper.stdout.on('data', (chunk) => {
  let buf = pending.length ? Buffer.concat([pending, chunk]) : chunk;
  while (buf.length >= 4 && buf.length - 4 >= buf.readUInt32LE(0)) {
    const length = buf.readUInt32LE(0);
    if (buf[8] === 'C'.charCodeAt(0)) {
      if (busyUs > 0) busy();
      if (++closed === count) helper.stdin.end();
      else start();
    }
    buf = buf.subarray(4 + length);
  }
  pending = Buffer.from(buf);
});
for (let i = 0; i < concurrency; i++) start();
