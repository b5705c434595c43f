// Whether an entrypoint can run in the image the recipes built (pre-flight, issue 16): each
// proposed command is checked inside that image, in the replay sandbox, without running it — a
// Python script must compile with the image's Python (`compile()`, which is what
// `python -m py_compile` does, writing no .pyc), a `-m` module must be found, a shell script must
// pass `sh -n` (or `bash -n`), a make command must pass `make -n`, and every other program the
// command starts must be installed. One container checks every candidate.
import type Docker from 'dockerode';
import type { RunnableCheck } from '../../shared/manifest';
import { shellWord } from '../recipes/dockerfile-text';
import { CONTAINER_UID, PROJECT_DIR } from '../recipes/dockerfile';
import { runContainer } from '../docker/run-container';

const CHECK_TIMEOUT_MS = 60_000;
/** More proposals than this are not checked: the first ones are the likely ones. */
export const MAX_CHECKED = 10;
const MARK = 'RB-CHECK';

/** Shell helpers the checks use: each fails its check with one line saying why. */
const HELPERS = [
  'rb_fail() { echo "$*"; exit 1; }',
  'rb_prog() { command -v "$1" >/dev/null 2>&1 || rb_fail "$1: not installed in the image"; }',
  'rb_file() { [ -f "$1" ] || rb_fail "$1: no such file in the image\'s copy of the project"; }',
  'rb_compile() { rb_prog "$1"; rb_file "$2"; "$1" -c \'import sys; compile(open(sys.argv[1], "rb").read(), sys.argv[1], "exec")\' "$2" || rb_fail "$2 does not compile with $("$1" -V 2>&1)"; }',
  'rb_module() { rb_prog "$1"; "$1" -c \'import importlib.util, sys; sys.exit(0 if importlib.util.find_spec(sys.argv[1]) else 1)\' "$2" || rb_fail "$1 finds no module $2"; }',
  'rb_shell() { rb_prog "$1"; rb_file "$2"; "$1" -n "$2" || rb_fail "$1 -n $2 found a syntax error"; }',
  'rb_make() { rb_prog make; make -n "$@" >/dev/null || rb_fail "make -n $* failed"; }',
].join('\n');

/** Checks the commands in `tag`'s copy of the project; one result per command, in order. */
export async function checkRunnable(
  docker: Docker,
  tag: string,
  commands: readonly string[],
  signal?: AbortSignal,
): Promise<RunnableCheck[]> {
  const checked = commands.slice(0, MAX_CHECKED);
  if (checked.length === 0) return [];
  const script = [
    HELPERS,
    ...checked.map((command, index) => {
      const steps = checkSteps(command);
      // Each check in its own subshell (rb_fail ends only that one), its output kept and marked.
      return `( cd ${PROJECT_DIR} && ${steps.join(' && ')} ) >/tmp/rb-check 2>&1 && echo "${MARK} ${index} ok" || { echo "${MARK} ${index} fail"; tail -n 6 /tmp/rb-check | sed "s/^/${MARK} ${index} | /"; }`;
    }),
  ].join('\n');
  const run = await runContainer(docker, {
    image: tag,
    entrypoint: ['/bin/sh', '-c'],
    command: [script],
    user: `${CONTAINER_UID}:${CONTAINER_UID}`,
    workdir: PROJECT_DIR,
    env: { HOME: '/tmp', PYTHONDONTWRITEBYTECODE: '1' },
    timeoutMs: CHECK_TIMEOUT_MS,
    ...(signal === undefined ? {} : { signal }),
  });
  return checked.map((command, index) => {
    const lines = run.stdout.split('\n');
    const verdict = lines.find((line) => line.startsWith(`${MARK} ${index} `) && !line.includes(' | '));
    const detail = lines
      .filter((line) => line.startsWith(`${MARK} ${index} | `))
      .map((line) => line.slice(`${MARK} ${index} | `.length))
      .join('\n');
    if (verdict === undefined)
      return {
        command,
        runnable: false,
        detail: run.timedOut ? 'the check timed out' : `the check did not finish (exit status ${run.exitCode})`,
      };
    return verdict.endsWith(' ok') ? { command, runnable: true, detail: '' } : { command, runnable: false, detail };
  });
}

/**
 * The checks for one command line: split into simple commands (`&&`, `||`, `;`, `|`, new lines),
 * each checked by what it starts; `cd DIR` is followed, as the stages of a DVC pipeline need.
 */
export function checkSteps(command: string): string[] {
  const steps: string[] = [];
  for (const words of simpleCommands(command)) {
    // Leading variable assignments (`CUDA_VISIBLE_DEVICES=0 python …`) and wrappers that run the rest.
    while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0] ?? '')) words.shift();
    while (['exec', 'time', 'nohup', 'env'].includes(words[0] ?? '')) words.shift();
    const [program, ...args] = words;
    if (program === undefined) continue;
    if (program === 'cd') {
      steps.push(`cd ${shellWord(args[0] ?? '.')}`);
      continue;
    }
    steps.push(...programSteps(program, args));
  }
  return steps.length === 0 ? ['true'] : steps;
}

function programSteps(program: string, args: readonly string[]): string[] {
  const word = shellWord;
  if (/^python(\d+(\.\d+)?)?$/.test(program)) {
    // Interpreter options before the script: `-u`, `-O`, `-B`, `-W arg`, `-X arg`.
    let at = 0;
    while (at < args.length && /^-[a-zA-Z]+$/.test(args[at] ?? '') && !['-m', '-c'].includes(args[at] ?? ''))
      at += ['-W', '-X'].includes(args[at] ?? '') ? 2 : 1;
    const next = args[at];
    if (next === '-m' && args[at + 1] !== undefined) return [`rb_module ${word(program)} ${word(args[at + 1] ?? '')}`];
    if (next === undefined || next === '-c' || next === '-') return [`rb_prog ${word(program)}`];
    return [`rb_compile ${word(program)} ${word(next)}`];
  }
  if (program === 'sh' || program === 'bash') {
    const script = args.find((arg) => !arg.startsWith('-'));
    return script === undefined || args.includes('-c')
      ? [`rb_prog ${program}`]
      : [`rb_shell ${program} ${word(script)}`];
  }
  if (program === 'make') return [`rb_make ${args.map(word).join(' ')}`.trim()];
  if (program.includes('/')) {
    // A script run by path: present, executable, and parsing under the shell its name suggests.
    const file = word(program);
    const steps = [
      `rb_file ${file}`,
      `{ [ -x ${file} ] || rb_fail "${program.replace(/["$`\\]/g, '')} is not executable"; }`,
    ];
    if (program.endsWith('.py')) steps.push(`rb_compile python3 ${file}`);
    else if (program.endsWith('.sh')) steps.push(`rb_shell sh ${file}`);
    return steps;
  }
  // Rscript, julia, jupyter, dvc, torchrun…: installed, and the script they are given present.
  const script = args.find((arg) => /\.(R|r|Rmd|jl|ipynb|py)$/.test(arg));
  return [`rb_prog ${word(program)}`, ...(script === undefined ? [] : [`rb_file ${word(script)}`])];
}

/** The words of each simple command: quotes removed, operators splitting commands. */
function simpleCommands(command: string): string[][] {
  const commands: string[][] = [[]];
  let word: string | null = null;
  const end = (): void => {
    if (word !== null) commands.at(-1)?.push(word);
    word = null;
  };
  for (let at = 0; at < command.length; at += 1) {
    const char = command[at] ?? '';
    if (char === "'" || char === '"') {
      const close = command.indexOf(char, at + 1);
      word = (word ?? '') + command.slice(at + 1, close === -1 ? command.length : close);
      at = close === -1 ? command.length : close;
    } else if (char === '\\' && at + 1 < command.length) {
      word = (word ?? '') + (command[at + 1] ?? '');
      at += 1;
    } else if (/\s/.test(char) && char !== '\n') end();
    else if (char === '\n' || char === ';' || char === '&' || char === '|') {
      end();
      if (commands.at(-1)?.length !== 0) commands.push([]);
      if (command[at + 1] === char) at += 1;
    } else if (char === '>' || char === '<') {
      // A redirection's target is not an argument.
      end();
      while (command[at + 1] === '>' || command[at + 1] === '&') at += 1;
      while (/\s/.test(command[at + 1] ?? '')) at += 1;
      while (at + 1 < command.length && !/[\s;&|]/.test(command[at + 1] ?? '')) at += 1;
    } else word = (word ?? '') + char;
  }
  end();
  return commands.filter((words) => words.length > 0);
}
