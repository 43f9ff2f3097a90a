// Options of the `@orchestra/nx:execute` executor; schema.json is the source, keep both in step.
export interface ExecuteExecutorOptions {
  config?: string;
  concurrency?: number;
  only?: string[] | string;
  noDeps?: boolean;
  /** `nx run p:execute --no-deps` arrives as `deps: false` (yargs negation). */
  deps?: boolean;
  from?: string;
  force?: boolean;
  dryRun?: boolean;
  schedule?: 'eager' | 'waves';
  bail?: boolean;
  receipts?: boolean;
  json?: boolean;
  demo?: boolean;
  demoScenario?: string;
  demoFakeApi?: string;
}
