// The plan `nx g @orchestra/nx:init` writes: small, valid, and showing each kind of task once.
export const STARTER_PLAN = `# yaml-language-server: $schema=./node_modules/@orchestra/core/orchestra.schema.json
version: 1
name: hello-orchestra
description: A starter plan. Edit the tasks, then run \`nx run <project>:execute\`.
defaults:
  agent: claude
  model: sonnet
  permissionMode: acceptEdits
  allowedTools: [Read, Write, Edit]
  maxTurns: 20
  timeout: 10m
  retries: 1
tasks:
  readme:
    description: Write a short README for the plan's output
    prompt: Write hello/README.md, three sentences saying what this folder is for.
    outputs: [hello/README.md]
  check:
    description: Check that the README exists and is not empty
    agent: command
    run: [node, -e, "if (!require('node:fs').readFileSync('hello/README.md', 'utf8').trim()) process.exit(1)"]
    dependsOn: [readme]
    inputs: [hello/README.md]
`;
