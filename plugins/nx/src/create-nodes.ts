// Nx 24's batched createNodes: one project per orchestra.config.yaml. It must stay light (it runs on every
// nx command) and must never throw (one bad file would fail every nx command in the workspace).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CreateNodes, CreateNodesResultArray, ProjectConfiguration } from '@nx/devkit';
import { inferProject, type OrchestraPluginOptions } from './infer-project.ts';
import { summarizePlan } from './plan-summary.ts';

/** Joins every task digest: a new version of orchestra may do a task differently, so Nx must not replay. */
const PLUGIN_VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const PLAN_FILE_GLOB = '**/orchestra.config.{yaml,yml}';

/** Two plans with one name would make every nx command fail: later ones get a path-derived name. */
function uniqueName(project: ProjectConfiguration, taken: Set<string>, file: string): string {
  const wanted = project.name ?? project.root;
  if (!taken.has(wanted)) return wanted;
  const renamed = `${wanted}--${project.root.replaceAll('/', '-')}`;
  process.stderr.write(
    `orchestra: ${file}: another plan is already named "${wanted}"; this one is "${renamed}" in Nx. ` +
      'Give each plan its own `name`.\n',
  );
  return renamed;
}

async function projectFor(file: string, workspaceRoot: string, options: OrchestraPluginOptions | undefined) {
  let text = '';
  try {
    text = await readFile(join(workspaceRoot, file), 'utf8');
  } catch {
    // Unreadable now (permissions, a race with a delete): still a project, whose targets will say why.
  }
  return inferProject(file, summarizePlan(text, `@orchestra/nx@${PLUGIN_VERSION}`), options ?? {});
}

export const createNodes: CreateNodes<OrchestraPluginOptions> = [
  PLAN_FILE_GLOB,
  async (files, options, context): Promise<CreateNodesResultArray> => {
    const sorted = [...files].sort();
    const projects = await Promise.all(sorted.map((file) => projectFor(file, context.workspaceRoot, options)));
    const taken = new Set<string>();
    return sorted.map((file, i) => {
      const project = projects[i] as ProjectConfiguration;
      project.name = uniqueName(project, taken, file);
      taken.add(project.name);
      return [file, { projects: { [project.root]: project } }] as const;
    });
  },
];
