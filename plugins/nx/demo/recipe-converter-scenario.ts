// The scripted model for `nx run orchestra:execute:demo`: the fake Anthropic API answers each task of the
// root plan with Write tool calls that create the working app in ./recipe-converter/ (the same files
// that this folder's recipe-converter/ holds), then a short final answer. The real Claude Code CLI runs
// the tools, so the files on disk come from it, exactly as in a real run.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface Rule {
  prompt: string;
  turn?: number;
  minTurn?: number;
  reply: {
    text?: string;
    tools?: Array<{ name: string; input: Record<string, unknown> }>;
    usage?: { inputTokens?: number; outputTokens?: number };
  };
}

const APP = join(import.meta.dirname, 'recipe-converter');

/** Printed by the executor after a successful demo. */
export const message = [
  'The app is in recipe-converter/: open recipe-converter/index.html in a browser.',
  'With Claude Code logged in (or ANTHROPIC_API_KEY set), run it for real: npx nx run orchestra:execute',
].join('\n');

async function write(file: string): Promise<{ name: string; input: Record<string, unknown> }> {
  return { name: 'Write', input: { file_path: `recipe-converter/${file}`, content: await readFile(join(APP, file), 'utf8') } };
}

/** Each task's prompt says "Write recipe-converter/<its first file>", and no other task's prompt does. */
async function task(marker: string, files: string[], summary: string): Promise<Rule[]> {
  return [
    {
      prompt: marker,
      turn: 0,
      reply: {
        text: `I'll write ${files.map((f) => `recipe-converter/${f}`).join(', ')}.`,
        tools: await Promise.all(files.map(write)),
        usage: { inputTokens: 2400, outputTokens: 900 },
      },
    },
    { prompt: marker, minTurn: 1, reply: { text: summary, usage: { inputTokens: 3100, outputTokens: 60 } } },
  ];
}

export default async function recipeConverterScenario(): Promise<{ rules: Rule[]; fallback: Rule['reply'] }> {
  const rules = [
    ...(await task('Write recipe-converter/index.html', ['index.html'], 'Created index.html: a labelled form (#quantity, #from-unit, #to-unit) and an <output id="result">.')),
    ...(await task(
      'Write recipe-converter/convert.js',
      ['convert.js', 'script.js', 'convert.test.js'],
      'Implemented RecipeConverter.convert/format/units, wired the form in script.js, and covered it with node:test.',
    )),
    ...(await task('Write recipe-converter/styles.css', ['styles.css'], 'Added a responsive, warm card layout with an error state and focus styles.')),
  ];
  return { rules, fallback: { text: 'Done.' } };
}
