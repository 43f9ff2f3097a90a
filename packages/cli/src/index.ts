export { main } from './main.ts';
export type { CliIo } from './io.ts';
export { UserError } from './user-error.ts';
