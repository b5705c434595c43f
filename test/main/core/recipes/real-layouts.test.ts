// Generated Dockerfiles built and run for real on the engine, for project layouts that broke
// generator version 1 (issue 15): cookiecutter-data-science v2 (`-e .` in requirements.txt, a
// PEP 621 package imported from a script outside it), DVC's example-get-started
// (src/requirements.txt, nothing at the top level) and a classic setup.py paper repository
// (minGPT-like: the package imported by a script under projects/), and a project with its own
// Dockerfile (built first as the author's stage). Every pin is one the offline base image
// satisfies (numpy 1.24.2 is Debian 12's), so nothing is downloaded.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle } from '../../../../main/core/create/create-bundle';
import { replayBundle } from '../../../../main/core/replay/replay-bundle';
import { ephemeralSigningKey } from '../../../../main/core/signing/keys';
import type { Manifest } from '../../../../main/shared/manifest';
import type { ReplayReport } from '../../../../main/shared/replay-report';
import { requireBaseImage, requireDocker } from '../../../helpers/docker';
import { writeProject } from '../../../helpers/write-project';

let work: string;
let docker: Docker;
let baseImage: string;
const tags = new Set<string>();

beforeAll(async () => {
  docker = await requireDocker();
  baseImage = await requireBaseImage(docker);
  work = await mkdtemp(path.join(tmpdir(), 'rb-layouts-'));
});
afterAll(async () => {
  for (const tag of tags)
    await docker
      .getImage(tag)
      .remove({ force: true })
      .catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

/** Writes the files (path → content) as a project folder. */
async function project(name: string, files: Record<string, string>): Promise<string> {
  const root = path.join(work, name);
  await writeProject(root, files);
  return root;
}

/** Computes with numpy inside the package and writes metrics.json. */
const TRAIN = (module: string): string =>
  `import json\nimport numpy as np\nfrom ${module} import score\njson.dump({"accuracy": score(np)}, open("metrics.json", "w"))\n`;
const SCORE = 'def score(np):\n    return float(np.round(np.mean(np.arange(10) / 10), 6))\n';

async function bundleAndReplay(
  root: string,
  run: string,
): Promise<{ manifest: Manifest; verdict: string; log: string; report: ReplayReport }> {
  await writeFile(path.join(root, 'metrics.json'), '{"accuracy": 0.45}\n');
  const output = path.join(work, `${path.basename(root)}.rbundle`);
  const created = await createBundle({
    projectDir: root,
    output,
    key: ephemeralSigningKey('Ada'),
    baseImage,
    run,
    results: ['metrics.json'],
    hardware: false,
  });
  const logs: string[] = [];
  const report = await replayBundle({
    file: output,
    docker,
    workRoot: path.join(work, 'replays'),
    cacheDir: path.join(work, 'cache'),
    onLog: (_source, line) => logs.push(line),
  });
  if (report.image !== null) tags.add(report.image.tag);
  return {
    manifest: created.manifest,
    verdict: report.verdict,
    log: `${report.reason ?? ''}\n${logs.join('\n')}`,
    report,
  };
}

describe('real project layouts, built and run on the engine', () => {
  it('cookiecutter-data-science v2: requirements.txt ending in -e . installs the package from the copy', async () => {
    const root = await project('ccds', {
      'pyproject.toml':
        '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "ccds_demo"\nversion = "0.0.1"\ndependencies = ["numpy"]\nrequires-python = ">=3.10"\n\n[tool.setuptools]\npackages = ["ccds_demo"]\n',
      'requirements.txt': '# local package\nnumpy==1.24.2\n-e .\n',
      'ccds_demo/__init__.py': '',
      'ccds_demo/modeling/__init__.py': SCORE,
      // A script outside the package: it finds ccds_demo only if the package was installed.
      'scripts/train.py': TRAIN('ccds_demo.modeling'),
    });
    const { manifest, verdict, log } = await bundleAndReplay(root, 'python scripts/train.py');
    expect(manifest.environment.build).toMatchObject({ requirements: 'requirements.txt', installProject: true });
    expect(manifest.replay.generator.version).toBe(3);
    expect(verdict, log).toBe('REPRODUCED');
  });

  it("DVC's example-get-started: the only requirements file is src/requirements.txt", async () => {
    const root = await project('dvc-get-started', {
      'dvc.yaml':
        'stages:\n  train:\n    cmd: python src/train.py\n    deps:\n    - src/train.py\n    metrics:\n    - metrics.json:\n        cache: false\n',
      'src/requirements.txt': 'numpy==1.24.2\n',
      'src/score.py': SCORE,
      'src/train.py': TRAIN('score'),
    });
    const { manifest, verdict, log } = await bundleAndReplay(root, 'python src/train.py');
    expect(manifest.environment.build?.requirements).toBe('src/requirements.txt');
    expect(verdict, log).toBe('REPRODUCED');
  });

  it('a setup.py paper repository (minGPT-like): the package installed, imported from projects/', async () => {
    const root = await project('mingpt-like', {
      'setup.py':
        "from setuptools import setup\nsetup(name='mingpt_demo', version='0.0.1', packages=['mingpt_demo'], install_requires=['numpy'])\n",
      'mingpt_demo/__init__.py': SCORE,
      'projects/adder/adder.py': TRAIN('mingpt_demo'),
    });
    const { manifest, verdict, log } = await bundleAndReplay(root, 'python projects/adder/adder.py');
    expect(manifest.environment.build?.installProject).toBe(true);
    expect(verdict, log).toBe('REPRODUCED');
  });

  it("a project's own Dockerfile is the environment: built first, the replay layer on top, labelled", async () => {
    const root = await project('own-dockerfile', {
      // What a paper repository's Dockerfile does: its own base, settings, files, even another user.
      Dockerfile: [
        `FROM ${baseImage}`,
        'ENV AUTHOR_FLAG=from-the-author',
        'RUN mkdir -p /opt/author && echo 0.45 > /opt/author/accuracy.txt',
        'ADD requirements.txt /tmp/requirements.txt',
        'USER nobody',
        'CMD ["python", "-c", "print(\'the image CMD must not decide what runs\')"]',
        '',
      ].join('\n'),
      'requirements.txt': 'numpy==1.24.2\n',
      'train.py':
        'import json, os\nvalue = float(open("/opt/author/accuracy.txt").read())\nassert os.environ["AUTHOR_FLAG"] == "from-the-author"\njson.dump({"accuracy": value}, open("metrics.json", "w"))\n',
    });
    // The base image asked for does not apply: the project's Dockerfile names its own.
    const { manifest, verdict, log, report } = await bundleAndReplay(
      root,
      'python3 train.py', // the base image has python3; only the generated recipes add a venv's python
    );
    expect(manifest.environment.build?.dockerfile).toEqual({ path: 'Dockerfile', from: baseImage });
    expect(manifest.replay.baseImage.ref.startsWith(baseImage)).toBe(true);
    expect(manifest.replay.generator.version).toBe(3);
    expect(verdict, log).toBe('REPRODUCED');
    expect(report.warnings).toContain(
      "Author build steps ran: the project's own Dockerfile was built as the environment.",
    );
    expect(log).toMatch(
      /Author build steps: the project's own Dockerfile was built as the author's stage reprobundle-replay:author-/,
    );
    const authorTag = /stage (reprobundle-replay:author-[0-9a-f]+)/.exec(log)?.[1];
    if (authorTag !== undefined) tags.add(authorTag);

    // A reviewer's base image (here the same image under another name) replaces the author's
    // FROM, never the replay layer's own, which must stay the author's stage.
    const repository = baseImage.split(':')[0] ?? baseImage;
    await docker.getImage(baseImage).tag({ repo: repository, tag: 'rebased-for-test' });
    tags.add(`${repository}:rebased-for-test`);
    const rebased = await replayBundle({
      file: path.join(work, 'own-dockerfile.rbundle'),
      docker,
      workRoot: path.join(work, 'replays'),
      cacheDir: path.join(work, 'cache'),
      baseImage: `${repository}:rebased-for-test`,
    });
    if (rebased.image !== null) tags.add(rebased.image.tag);
    expect(rebased.verdict, rebased.reason).toBe('REPRODUCED');
    expect(rebased.image?.baseImageOverridden).toBe(true);
  });

  it('a loose requirement installs the version the author had (constraints), never the newest one', async () => {
    const files = (recorded: string): Record<string, string> => ({
      'requirements.txt': 'PyYAML\n',
      '.venv/pyvenv.cfg': 'version = 3.11.2\n',
      [`.venv/lib/python3.11/site-packages/PyYAML-${recorded}.dist-info/METADATA`]: `Metadata-Version: 2.1\nName: PyYAML\nVersion: ${recorded}\n`,
      'train.py':
        'import json, yaml\njson.dump({"accuracy": 0.45, "yaml": float(yaml.__version__[:3])}, open("metrics.json", "w"))\n',
    });
    // The offline base image has PyYAML 6.0: the constraint is met without a download.
    const met = await bundleAndReplay(await project('constrained', files('6.0')), 'python train.py');
    expect(met.manifest.environment.build?.constraints).toEqual([{ name: 'pyyaml', version: '6.0' }]);
    expect(met.verdict, met.log).toBe('REPRODUCED');
    // The author had 6.0.1: pip must install exactly that, which an offline build cannot: FAILED,
    // where an unconstrained build would have taken the 6.0 the image has.
    const other = await bundleAndReplay(await project('constrained-other', files('6.0.1')), 'python train.py');
    expect(other.verdict).toBe('FAILED');
    expect(other.log).toContain('pyyaml==6.0.1');
  });

  it("the report compares the image's Python packages with the author's interpreter", async () => {
    const root = await project('package-diff', {
      'requirements.txt': 'PyYAML==6.0\n',
      '.venv/pyvenv.cfg': 'version = 3.11.2\n',
      '.venv/lib/python3.11/site-packages/PyYAML-5.4.1.dist-info/METADATA':
        'Metadata-Version: 2.1\nName: PyYAML\nVersion: 5.4.1\n',
      '.venv/lib/python3.11/site-packages/only_on_the_laptop-1.0.dist-info/METADATA':
        'Metadata-Version: 2.1\nName: only_on_the_laptop\nVersion: 1.0\n',
      'train.py': 'import json, yaml\njson.dump({"accuracy": 0.45}, open("metrics.json", "w"))\n',
    });
    const { verdict, log, report } = await bundleAndReplay(root, 'python train.py');
    expect(verdict, log).toBe('REPRODUCED');
    expect(report.packages?.recordedPython).toBe('3.11.2');
    expect(report.packages?.changed).toEqual([{ name: 'pyyaml', recorded: '5.4.1', current: '6.0' }]);
    expect(report.packages?.removed).toEqual([{ name: 'only-on-the-laptop', version: '1.0' }]);
    expect(report.packages?.added.map((entry) => entry.name)).toContain('numpy');
  });
});
