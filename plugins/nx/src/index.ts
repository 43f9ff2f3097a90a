// @orchestra/nx: infers a project with execute/plan/status/graph/validate targets (and, on request, one
// cacheable target per task) from every orchestra.config.yaml. Keep this entry light: Nx loads it to
// compute the project graph on every command.
export { createNodes } from './create-nodes.ts';
export type { OrchestraPluginOptions } from './infer-project.ts';
