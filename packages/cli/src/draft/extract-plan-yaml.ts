// Finds the plan in the model's reply: the last ```yaml (or ```yml) block that looks like a plan, else
// the last fenced block of any kind, else the whole reply when it looks like YAML. Pure.

const FENCE = /^(`{3,}|~{3,})[ \t]*([\w-]*)[^\n]*\n([\s\S]*?)\n\1[ \t]*$/gm;

const looksLikePlan = (text: string): boolean => /^version\s*:/m.test(text) && /^tasks\s*:/m.test(text);

export function extractPlanYaml(reply: string): string | undefined {
  const blocks = [...reply.matchAll(FENCE)].map((m) => ({ lang: (m[2] ?? '').toLowerCase(), body: m[3] ?? '' }));
  const yamlBlocks = blocks.filter((b) => b.lang === 'yaml' || b.lang === 'yml');
  const pick =
    yamlBlocks.filter((b) => looksLikePlan(b.body)).at(-1) ??
    blocks.filter((b) => looksLikePlan(b.body)).at(-1) ??
    yamlBlocks.at(-1);
  if (pick) return `${pick.body.trimEnd()}\n`;
  return looksLikePlan(reply) ? `${reply.trim()}\n` : undefined;
}

/** The editor hint on the first line: replaces one the model wrote, keeps its other comments. */
export function withSchemaLine(yaml: string, schemaPath: string): string {
  const line = `# yaml-language-server: $schema=${schemaPath}`;
  const rest = yaml.replace(/^#\s*yaml-language-server:[^\n]*\n/m, '').replace(/^\s*\n/, '');
  return `${line}\n${rest}`;
}
