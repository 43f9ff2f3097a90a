import type { Diagnostic } from '../diagnostic.ts';
import { SUPPORTED_PLAN_VERSIONS } from '../model.ts';
import type { RuleContext } from './rule-context.ts';

/** Only format versions this orchestra knows; a newer plan must not be half-understood. */
export function supportedVersion({ raw, source, isBroken }: RuleContext): Diagnostic[] {
  if (isBroken(['version']) || (SUPPORTED_PLAN_VERSIONS as readonly number[]).includes(raw.version)) return [];
  return [
    {
      code: 'unsupported-version',
      message: `plan version ${raw.version} is not supported`,
      hint: `this orchestra reads version ${SUPPORTED_PLAN_VERSIONS.join(', ')}: set \`version: ${SUPPORTED_PLAN_VERSIONS.at(-1)}\`${raw.version > SUPPORTED_PLAN_VERSIONS.at(-1)! ? ', or upgrade orchestra' : ''}`,
      pos: source.positionOf(['version']),
    },
  ];
}
