// The engine speaks neutrally: no text it can show a user names a command-line flag, a
// `reprobundle` command or a REPROBUNDLE_* variable (the fronts word fixes in their own terms,
// from the inputs an error lists). The flags and commands come from the CLI's own definitions,
// so a new option is covered the day it is added. Generated artefacts are left out: the
// Dockerfile and the by-hand README legitimately name `docker` and `reprobundle` commands.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../main/cli/program';
import { REPO_ROOT } from '../../helpers/serve-cli';

/** Files whose text is a generated artefact, not a message: the Dockerfile's lines and the READMEs. */
const GENERATED = new Set([
  'main/core/recipes/dockerfile.ts', // the bundle's Dockerfile and its by-hand README.md
  'main/core/recipes/recipe.ts', // Dockerfile lines
  'main/core/recipes/conda.ts',
  'main/core/recipes/uv.ts',
  'main/core/recipes/poetry.ts',
  'main/core/recipes/pipenv.ts',
  'main/core/recipes/pip.ts',
  'main/core/recipes/generator-v1.ts',
  'main/core/submission/documents.ts', // the reviewer README inside an export
]);

function everyCommand(command: Command): Command[] {
  return [command, ...command.commands.flatMap(everyCommand)];
}

function cliVocabulary(): RegExp {
  const program = buildProgram();
  const flags = new Set<string>();
  for (const command of everyCommand(program))
    for (const option of command.options) if (option.long !== undefined) flags.add(option.long);
  const commands = program.commands.map((command) => command.name());
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    [
      `(?<![\\w-])(${[...flags].map(escape).join('|')})(?![\\w-])`,
      `\\breprobundle (${commands.map(escape).join('|')})\\b`,
      '\\bREPROBUNDLE_[A-Z_]+',
    ].join('|'),
  );
}

/** Every piece of literal text in a source file that could reach a user, with its line. */
function literalTexts(file: string, source: string): { line: number; text: string }[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: { line: number; text: string }[] = [];
  const add = (node: ts.Node, text: string, word = text): void => {
    // A single word in a list is an argument to another program (git, python, sbatch), not a
    // message: `--output=${file}` too, whose literal parts hold no space.
    if (!/\s/.test(word.trim()) && ts.isArrayLiteralExpression(node.parent)) return;
    found.push({ line: sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isElementAccessExpression(node)) return; // env['REPROBUNDLE_CONFIG_DIR'] reads, it does not say
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) add(node, node.text);
    if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
      add(node, parts.join(' … '), parts.join(''));
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function flagMentions(file: string, source: string, vocabulary: RegExp): string[] {
  return literalTexts(file, source)
    .filter(({ text }) => vocabulary.test(text))
    .map(({ line, text }) => `${file}:${line}: ${JSON.stringify(text.slice(0, 160))}`);
}

describe('the engine speaks neutrally', () => {
  const vocabulary = cliVocabulary();

  it('knows the CLI vocabulary it looks for, and finds it in a message', () => {
    for (const word of ['--data', '--run', '--trust', '--base-image', '--accept-residual']) {
      expect(vocabulary.test(`Pass ${word} <x>.`), word).toBe(true);
    }
    const sample = [
      "throw new ReproError({ message: 'x', fix: 'Pass --data <folder> with the data.' });",
      'const note = `from --data, ${checked}`;',
      "const fix = 'Set REPROBUNDLE_PASSPHRASE to its passphrase.';",
      "const hint = 'Create one with `reprobundle keygen`.';",
      "const home = env['REPROBUNDLE_CONFIG_DIR'];",
      "run('git', ['--version']);",
    ].join('\n');
    expect(flagMentions('sample.ts', sample, vocabulary)).toHaveLength(4);
  });

  it('no message of main/core names a CLI flag, command or environment variable', async () => {
    const offending: string[] = [];
    const core = path.join(REPO_ROOT, 'main', 'core');
    const files = (await readdir(core, { recursive: true })).filter((name) => name.endsWith('.ts'));
    for (const relative of files) {
      const file = `main/core/${relative.split(path.sep).join('/')}`;
      if (GENERATED.has(file)) continue;
      offending.push(...flagMentions(file, await readFile(path.join(REPO_ROOT, file), 'utf8'), vocabulary));
    }
    expect(offending).toEqual([]);
  });
});
