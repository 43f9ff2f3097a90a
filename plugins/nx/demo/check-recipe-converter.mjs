// The root plan's final task: checks that the recipe-converter app hangs together, whoever wrote it.
// Usage: node check-recipe-converter.mjs [folder]   (default: recipe-converter). Exit 1 on any problem.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const folder = resolve(process.argv[2] ?? 'recipe-converter');
const problems = [];
const passed = [];
const check = (ok, what) => (ok ? passed : problems).push(what);

const read = (name) => {
  const path = resolve(folder, name);
  check(existsSync(path), `${name} exists`);
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
};
const html = read('index.html');
const logic = read('convert.js');
const script = read('script.js');
const css = read('styles.css');

for (const id of ['converter-form', 'quantity', 'from-unit', 'to-unit', 'result']) {
  check(new RegExp(`id=["']${id}["']`).test(html), `index.html has #${id}`);
  if (id !== 'converter-form') check(script.includes(id), `script.js uses #${id}`);
}
check(/<link[^>]+href=["']styles\.css["']/.test(html), 'index.html links styles.css');
check(/<script[^>]+src=["']convert\.js["']/.test(html), 'index.html loads convert.js');
check(/<script[^>]+src=["']script\.js["']/.test(html), 'index.html loads script.js');
check(/@media[^{]*\{/.test(css), 'styles.css is responsive (@media)');

if (logic) {
  try {
    await import(pathToFileURL(resolve(folder, 'convert.js')).href);
    const { convert } = globalThis.RecipeConverter ?? {};
    const near = (a, b) => Math.abs(a - b) < 0.01;
    check(typeof convert === 'function', 'convert.js defines RecipeConverter.convert');
    if (typeof convert === 'function') {
      check(near(convert(1, 'cup', 'ml'), 236.59), '1 cup = 236.59 ml');
      check(near(convert(1, 'tbsp', 'tsp'), 3), '1 tbsp = 3 tsp');
      check(near(convert(1, 'lb', 'g'), 453.59), '1 lb = 453.59 g');
      let refused = false;
      try {
        convert(1, 'cup', 'g');
      } catch {
        refused = true;
      }
      check(refused, 'cup to g is refused');
    }
  } catch (error) {
    check(false, `convert.js loads (${error instanceof Error ? error.message : String(error)})`);
  }
}

for (const line of passed) console.log(`  ok  ${line}`);
for (const line of problems) console.log(`  not ok  ${line}`);
if (problems.length > 0) {
  console.log(`recipe-converter: ${problems.length} problem(s) in ${folder}`);
  process.exitCode = 1;
} else {
  console.log(`recipe-converter: all ${passed.length} checks passed. Open ${resolve(folder, 'index.html')} in a browser.`);
}
