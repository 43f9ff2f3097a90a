// The public surface of @orchestra/claude.
export { buildClaudeArgs, DEFAULT_PERMISSION_MODE, type ClaudeArgsInput, type SessionChoice } from './build-args.ts';
export { buildPrompt, type PromptInput } from './build-prompt.ts';
export { classifyAttempt, type AttemptFacts, type Verdict } from './classify.ts';
export { parseStreamLine, type StreamLine, type ResultMessage } from './stream-line.ts';
export { emptyEvidence, foldStreamLine, type StreamEvidence } from './stream-evidence.ts';
export { describeLine } from './describe-line.ts';
export { chooseSession, attemptCost } from './session.ts';
export { createClaudeAgent, type ClaudeAgentOptions } from './claude-agent.ts';
export { claudeEnv, DEFAULT_CLAUDE_MAX_RETRIES } from './claude-env.ts';
export { findClaude, type ClaudeLocation } from './find-claude.ts';
export { checkCredentials, type CredentialCheck } from './credentials.ts';
export { runClaude, type RunClaudeOptions, type ClaudeRun } from './run-claude.ts';
export { createVersionProbe, type VersionProbe } from './version.ts';
export { preflightClaude } from './preflight.ts';
