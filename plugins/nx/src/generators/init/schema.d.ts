// Options of `nx g @orchestra/nx:init`; schema.json is the source, keep both in step.
export interface InitGeneratorOptions {
  directory?: string;
  perTaskTargets?: boolean;
  keepExistingVersions?: boolean;
}
