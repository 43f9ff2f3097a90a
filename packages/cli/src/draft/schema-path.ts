// The `$schema` path for a plan written at `file`: the installed @orchestra/core's schema, relative to
// the plan's folder, as editors resolve it; the conventional path when it is not installed there.
import { existsSync } from 'node:fs';
import path from 'node:path';

const SCHEMA = path.join('node_modules', '@orchestra', 'core', 'orchestra.schema.json');

export function schemaPathFor(file: string): string {
  const folder = path.dirname(file);
  for (let dir = folder; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, SCHEMA))) {
      const relative = path.relative(folder, path.join(dir, SCHEMA)).split(path.sep).join('/');
      return relative.startsWith('.') ? relative : `./${relative}`;
    }
    if (path.dirname(dir) === dir) return `./${SCHEMA.split(path.sep).join('/')}`;
  }
}
