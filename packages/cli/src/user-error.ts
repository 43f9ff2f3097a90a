/**
 * An error the user caused and can fix (bad flag, invalid plan, locked state). Printed as its message,
 * never with a stack; internal errors keep their stack.
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}
