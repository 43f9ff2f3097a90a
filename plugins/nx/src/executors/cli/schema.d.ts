// Options of the `@orchestra/nx:cli` executor; schema.json is the source, keep both in step.
export interface CliExecutorOptions {
  command: 'plan' | 'status' | 'graph' | 'validate' | 'explain';
  config?: string;
  json?: boolean;
  args?: string[];
  /** Positionals from `nx run p:t -- a b`, and any undeclared `--flag=value`, arrive as they are. */
  _?: (string | number)[];
  [flag: string]: unknown;
}
