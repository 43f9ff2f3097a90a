// What Claude Code is asked when drafting a plan, and what it is told when its draft is invalid. Pure.

/** The format, as the model needs it: every key, one example, the rules the compiler enforces. */
const FORMAT = `version: 1                        # required, always 1
name: my-project                  # kebab-case
description: One line about the goal
defaults:                         # every task inherits these; a task may override any of them
  model: sonnet
  permissionMode: acceptEdits     # never bypassPermissions
  allowedTools: [Read, Write, Edit]
  maxTurns: 30
  timeout: 20m
  retries: 1
concurrency: 4
tasks:
  html:                           # the task id: letters, digits, ".", "_", "-"
    description: Create the HTML page
    prompt: |
      Create index.html with a form for a quantity, a unit and a target unit.
    outputs: [index.html]         # files the task must create, relative to the project folder
  logic:
    description: Conversion functions
    prompt: |
      Create script.js with the conversion functions index.html uses, and tests in script.test.js.
    dependsOn: [html]             # ids of tasks whose files this one needs
    inputs: [index.html]          # files it reads
    outputs: [script.js, script.test.js]
    verify: [node --test]         # optional: commands that must succeed afterwards
  check:
    agent: command                # a plain command, no model
    run: [node, --test]
    dependsOn: [logic]`;

export function buildDraftPrompt(request: string, files: string[]): string {
  const listing = files.length
    ? `The project folder holds (first entries):\n${files.map((f) => `- ${f}`).join('\n')}`
    : 'The project folder is empty.';
  return `Draft a plan for orchestra: a tool that runs Claude Code tasks as a dependency graph, in parallel where \
they do not depend on each other, each in a fresh headless session that sees only the project's files.

What the plan must achieve:
${request.trim()}

${listing}
You may read files to understand the project. Do not create or change any file: a person reviews the plan before anything runs.

The plan format (orchestra.config.yaml), by example:
\`\`\`yaml
${FORMAT}
\`\`\`

Rules the plan must follow:
- Only the keys shown above (tasks may also have lock: <name> to never run together).
- Each task produces named files (outputs). Split the work so that tasks which do not need each other's files have no dependsOn between them: they then run in parallel. Two tasks that may run at the same time must not write the same file.
- Every dependsOn names a task of the plan; no cycles.
- Every prompt is self-contained: what to build, in which files, with which names and interfaces the other tasks rely on.
- Paths are relative and stay inside the project folder.
- Prefer a few substantial tasks over many tiny ones.

Reply with the whole plan in one \`\`\`yaml fenced block, and nothing after it.`;
}

export function buildFixPrompt(diagnostics: string): string {
  return `orchestra's plan compiler rejected that plan:

${diagnostics.trim()}

(Line numbers count from the first line inside the yaml block.) Fix every problem and reply with the whole \
corrected plan in one \`\`\`yaml fenced block, and nothing after it.`;
}
