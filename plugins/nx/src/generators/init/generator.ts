// `nx g @orchestra/nx:init` (also run by `nx add @orchestra/nx`): registers the plugin in nx.json and writes a
// starter plan. Idempotent: an existing registration or plan is left exactly as it is.
import { posix } from 'node:path';
import { readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import type { InitGeneratorOptions } from './schema.d.ts';
import { STARTER_PLAN } from './starter-plan.ts';

export const PLUGIN_NAME = '@orchestra/nx';
const PLAN_FILE = 'orchestra.config.yaml';

function registerPlugin(tree: Tree, perTaskTargets: boolean): void {
  const nxJson = readNxJson(tree) ?? {};
  const plugins = nxJson.plugins ?? [];
  const registered = plugins.some((p) => (typeof p === 'string' ? p : p.plugin) === PLUGIN_NAME);
  if (registered) return;
  plugins.push(perTaskTargets ? { plugin: PLUGIN_NAME, options: { perTaskTargets: true } } : PLUGIN_NAME);
  updateNxJson(tree, { ...nxJson, plugins });
}

/** The state and logs a run writes beside the plan are not for version control. */
function ignoreState(tree: Tree): void {
  const current = tree.exists('.gitignore') ? (tree.read('.gitignore', 'utf8') ?? '') : '';
  if (current.split(/\r?\n/).some((line) => /^\/?\.orchestra\/?$/.test(line.trim()))) return;
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  tree.write('.gitignore', `${current}${separator}# orchestra: run state and logs\n.orchestra\n`);
}

export default async function init(tree: Tree, options: InitGeneratorOptions): Promise<void> {
  registerPlugin(tree, options.perTaskTargets ?? false);
  const planFile = posix.join(options.directory ?? '.', PLAN_FILE);
  if (!tree.exists(planFile)) {
    const depth = planFile.split('/').length - 1;
    const schemaPath = `${'../'.repeat(depth) || './'}node_modules/@orchestra/core/orchestra.schema.json`;
    tree.write(planFile, STARTER_PLAN.replace('./node_modules/@orchestra/core/orchestra.schema.json', schemaPath));
  }
  ignoreState(tree);
}
