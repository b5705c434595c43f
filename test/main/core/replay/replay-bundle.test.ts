// Replay against the real Docker engine and the offline base image: each verdict, the sandbox as
// docker inspect reports it, the network and timeout limits, data resolution, and that a
// tampered bundle is never built.
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle, type CreateOptions } from '../../../../main/core/create/create-bundle';
import { MANAGED_LABEL } from '../../../../main/core/docker/run-container';
import { RUN_ENTRYPOINT, replayBundle, type ReplayOptions } from '../../../../main/core/replay/replay-bundle';
import { type ReplayReport } from '../../../../main/shared/replay-report';
import type { EnvironmentInfo, Manifest } from '../../../../main/shared/manifest';
import { generateDockerfileV1 } from '../../../../main/core/recipes/generator-v1';
import { generateKey, loadSigningKey, type SigningKey } from '../../../../main/core/signing/keys';
import { requireBaseImage, requireDocker } from '../../../helpers/docker';
import { asVersion1, hostileBundle } from '../../../helpers/hostile-bundle';
import { rewriteBundle } from '../../../helpers/rewrite-bundle';
import { REPO_ROOT } from '../../../helpers/serve-cli';

let docker: Docker;
let baseImage: string;
let work: string;
let key: SigningKey;
const builtTags = new Set<string>();

beforeAll(async () => {
  docker = await requireDocker();
  baseImage = await requireBaseImage(docker);
  work = await mkdtemp(path.join(tmpdir(), 'rb-replay-'));
  await generateKey({ dir: path.join(work, 'key'), name: 'Ada Author' });
  key = await loadSigningKey(path.join(work, 'key'));
});

afterAll(async () => {
  for (const tag of builtTags)
    await docker
      .getImage(tag)
      .remove({ force: true })
      .catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

/** A copy of the example project, changed by `edit`, bundled. */
async function bundleOf(
  name: string,
  edit: (project: string) => Promise<void> = async () => undefined,
  extra: Partial<CreateOptions> = {},
): Promise<string> {
  const project = path.join(work, name);
  await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
  await edit(project);
  const file = path.join(work, `${name}.rbundle`);
  await createBundle({
    projectDir: project,
    output: file,
    key,
    baseImage,
    run: 'python train.py',
    hardware: false,
    ...extra,
  });
  return file;
}

async function replay(file: string, options: Partial<ReplayOptions> = {}): Promise<ReplayReport> {
  const report = await replayBundle({
    file,
    docker,
    workRoot: path.join(work, 'replays'),
    cacheDir: path.join(work, 'cache'),
    ...options,
  });
  if (report.image !== null) builtTags.add(report.image.tag);
  return report;
}

describe('replay', () => {
  it('REPRODUCED on the example project, in the hardened sandbox docker inspect reports', async () => {
    const report = await replay(await bundleOf('example'));
    expect(report.reason).toBe('All 3 recorded metrics came out within their tolerances.');
    expect(report.verdict).toBe('REPRODUCED');
    expect(report.metrics.map((metric) => [metric.name, metric.passed])).toEqual([
      ['test.accuracy', true],
      ['test.loss', true],
      ['epochs', true],
    ]);
    expect(report.run?.sandbox).toMatchObject({
      user: '10001:10001',
      networkMode: 'none',
      readOnlyRootFilesystem: true,
      capDrop: ['ALL'],
      securityOpt: ['no-new-privileges'],
      memoryBytes: 4 * 1024 ** 3,
      nanoCpus: 2e9,
      pidsLimit: 1024,
      mounts: ['/app (read-write)'],
    });
    // What the run wrote (as uid 10001) stays removable by the reviewer's own `clean`.
    expect((await stat(path.join(report.workDir ?? '', 'outputs', 'metrics.json'))).mode & 0o002).toBe(0o002);
    // A second replay of the same bundle reuses the image.
    const again = await replay(report.file);
    expect(again.image?.cached).toBe(true);
    expect(again.verdict).toBe('REPRODUCED');
  });

  it('builds with no network at all when asked, when the base image holds every dependency', async () => {
    const file = await bundleOf('offline-build', async (project) => {
      const train = path.join(project, 'train.py');
      await writeFile(train, `# built offline\n${await readFile(train, 'utf8')}`);
    });
    const report = await replay(file, { buildNetwork: false });
    expect(report.image?.cached).toBe(false);
    expect(report.verdict).toBe('REPRODUCED');
  });

  it('MISMATCH when a recorded metric was edited before signing, naming the metric', async () => {
    const file = await bundleOf('edited', async (project) => {
      const metrics = path.join(project, 'metrics.json');
      await writeFile(metrics, (await readFile(metrics, 'utf8')).replace('"accuracy": 0.805', '"accuracy": 0.91'));
    });
    const report = await replay(file);
    expect(report.verdict).toBe('MISMATCH');
    expect(report.reason).toBe('1 of 3 metrics differ: test.accuracy.');
    expect(report.metrics.find((metric) => metric.name === 'test.accuracy')).toMatchObject({
      recorded: 0.91,
      obtained: 0.805,
      passed: false,
    });
  });

  it('FAILED when the requirements cannot be installed, with the build log lines that say why', async () => {
    const file = await bundleOf('bad-requirements', async (project) => {
      await writeFile(
        path.join(project, 'requirements.txt'),
        'numpy==1.24.2\ndefinitely-not-a-real-package-rb==9.9.9\n',
      );
    });
    const report = await replay(file);
    expect(report.verdict).toBe('FAILED');
    expect(report.reason).toContain('The image could not be built');
    expect(report.run).toBeNull();
    expect(report.buildLogTail.join('\n')).toContain('definitely-not-a-real-package-rb');
  });

  it('a run that opens a network connection fails under the default settings', async () => {
    // 192.0.2.1 is TEST-NET-1, never routed; with network "none" no packet can leave anyway.
    const file = await bundleOf('network', async () => undefined, {
      run: 'python -c "import socket; socket.create_connection((\'192.0.2.1\', 80), timeout=5)"',
    });
    const report = await replay(file);
    expect(report.verdict).toBe('FAILED');
    expect(report.run?.stderrTail).toMatch(/Network is unreachable|OSError/);
  });

  it('a run past its timeout is stopped, and FAILED says so', async () => {
    const file = await bundleOf('sleepy', async () => undefined, { run: 'sleep 60' });
    const started = Date.now();
    const report = await replay(file, { runTimeoutMs: 2_000 });
    expect(report.verdict).toBe('FAILED');
    expect(report.run?.timedOut).toBe(true);
    expect(report.reason).toContain('stopped after 2 s');
    expect(Date.now() - started).toBeLessThan(45_000);
  });

  it('refuses a tampered bundle before building anything', async () => {
    const file = await bundleOf('to-tamper');
    const tampered = path.join(work, 'tampered.rbundle');
    await rewriteBundle(file, tampered, (entries) => {
      const entry = entries.get('project/train.py');
      if (entry !== undefined)
        entry.data = Buffer.from(`${entry.data.toString('utf8')}\nimport os; os.system("curl evil")\n`);
    });
    const before = (await docker.listImages()).length;
    const report = await replay(tampered);
    expect(report.verdict).toBe('FAILED');
    expect(report.reason).toContain('failed verification and was not built or run');
    expect(report.image).toBeNull();
    expect(report.workDir).toBeNull();
    expect((await docker.listImages()).length).toBe(before);
  });

  it('finds data kept outside the bundle in --data, checks it, and says what is missing otherwise', async () => {
    const file = await bundleOf('with-data', async () => undefined, { largeFileBytes: 10_000 }); // data/points.csv (~60 KB) becomes a pointer
    const missing = await replay(file);
    expect(missing.verdict).toBe('FAILED');
    expect(missing.reason).toContain('data/points.csv');
    expect(missing.reason).toContain('looked in nowhere');

    const found = await replay(file, { dataDir: path.join(REPO_ROOT, 'resources', 'example-project') });
    expect(found.data).toEqual([
      { path: 'data/points.csv', source: 'large-file', note: 'from the data folder, SHA-256 checked' },
    ]);
    expect(found.verdict).toBe('REPRODUCED');
    expect(found.run?.sandbox['mounts']).toEqual(expect.arrayContaining(['/app/data/points.csv (read-only)']));
  });

  it('smoke-tests on the synthetic sample when the data is withheld, and never calls it reproduced', async () => {
    // data/points.csv stays outside the bundle (a pointer); a synthetic sample of it is shipped.
    const file = await bundleOf('with-sample', async () => undefined, {
      largeFileBytes: 10_000,
      samples: ['data/points.csv'],
    });
    const withheld = await replay(file);
    expect(withheld.verdict).toBe('FAILED');
    expect(withheld.reason).toContain('data/points.csv');

    const smoke = await replay(file, { sample: true });
    expect(smoke.verdict).toBe('SMOKE-PASSED');
    expect(smoke.data).toEqual([
      {
        path: 'data/points.csv',
        source: 'synthetic sample',
        note: "the bundle's synthetic sample stands in for the real data (smoke run)",
      },
    ]);
    expect(smoke.run?.sandbox['mounts']).toEqual(expect.arrayContaining(['/app/data/points.csv (read-only)']));
    // The run really read the sample: on synthetic rows the accuracy is not the recorded one.
    expect(smoke.metrics.find((metric) => metric.name === 'test.accuracy')?.obtained).not.toBe(0.805);

    await expect(replay(await bundleOf('no-sample'), { sample: true })).rejects.toMatchObject({ code: 'no-samples' });
  });

  it('never follows a link the run planted: a metric read through it cannot forge REPRODUCED', async () => {
    // The run writes nothing but a link from its results file to numbers the (hostile, validly
    // signed) bundle shipped next to the project; followed on the host, they would match exactly.
    const honest = await bundleOf('planted-link', async (project) => {
      await writeFile(
        path.join(project, 'train.py'),
        "import os\nos.symlink('../bundle/cheat.json', 'metrics.json')\n",
      );
    });
    const hostile = path.join(work, 'planted-link-hostile.rbundle');
    await hostileBundle(honest, hostile, (_manifest, entries) => {
      const recorded = entries.get('project/metrics.json');
      if (recorded !== undefined) entries.set('cheat.json', recorded);
    });
    const report = await replay(hostile);
    expect(report.run?.exitCode).toBe(0);
    expect(report.verdict).toBe('FAILED'); // the run produced none of the recorded results
    expect(report.metrics[0]?.reason).toBe(
      'not produced by the run: The results file metrics.json cannot be read: it is a link.',
    );
  });

  it("builds only the Dockerfile its own generator makes, and runs the manifest's command, not the image's", async () => {
    // The run computes nothing; the shipped Dockerfile bakes the recorded numbers in and its CMD
    // (and ENTRYPOINT) would copy them into place while the screen says "python train.py".
    const honest = await bundleOf('baked', async (project) => {
      await writeFile(path.join(project, 'train.py'), "print('computing nothing')\n");
    });
    const hostile = path.join(work, 'baked-hostile.rbundle');
    await hostileBundle(honest, hostile, (_manifest, entries) => {
      const dockerfile = entries.get('Dockerfile');
      const recorded = entries.get('project/metrics.json')?.data.toString('utf8') ?? '{}';
      if (dockerfile === undefined) return;
      const cheat = `cp /tmp/baked.json /app/metrics.json; python train.py`;
      dockerfile.data = Buffer.from(
        `${dockerfile.data.toString('utf8')}RUN printf '%s' '${recorded.replace(/\n/g, ' ')}' > /tmp/baked.json\nENTRYPOINT ["/bin/sh", "-c", ${JSON.stringify(cheat)}]\nCMD ["${cheat}"]\n`,
      );
    });
    const refused = await replay(hostile);
    expect(refused.verdict).toBe('FAILED');
    expect(refused.reason).toContain("The bundle's Dockerfile is not the one ReproBundle generates");
    expect(refused.image).toBeNull();
    expect(refused.buildLogTail.join('\n')).toContain('+ ENTRYPOINT ["/bin/sh", "-c"');
    // Accepted by the reviewer, it is built, but what runs is the manifest's command.
    const accepted = await replay(hostile, { useShippedDockerfile: true });
    expect(accepted.run?.sandbox).toMatchObject({ entrypoint: RUN_ENTRYPOINT, command: ['python train.py'] });
    expect(accepted.verdict).toBe('FAILED');
    expect(accepted.reason).toBe('The run did not write metrics.json.');
    expect(accepted.warnings).toContain(
      "Author build steps ran: the shipped Dockerfile, which differs from the generated one, was built at the reviewer's request.",
    );
  });

  it('refuses to build an accepted Dockerfile that fetches a URL with ADD', async () => {
    const hostile = path.join(work, 'add-url.rbundle');
    await hostileBundle(await bundleOf('add-url'), hostile, (_manifest, entries) => {
      const dockerfile = entries.get('Dockerfile');
      if (dockerfile !== undefined)
        dockerfile.data = Buffer.concat([dockerfile.data, Buffer.from('ADD http://127.0.0.1:9/secret /tmp/secret\n')]);
    });
    const report = await replay(hostile, { useShippedDockerfile: true });
    expect(report.verdict).toBe('FAILED');
    expect(report.reason).toContain('The shipped Dockerfile may not be built: ADD');
    expect(report.image).toBeNull();
  });

  it('replays a format version 1 bundle, as an older ReproBundle wrote it, to REPRODUCED', async () => {
    const v1 = path.join(work, 'version-1.rbundle');
    // As an older ReproBundle wrote it: the v1 manifest and the Dockerfile of generator version 1.
    await hostileBundle(await bundleOf('version-1'), v1, (manifest, entries) => {
      asVersion1(manifest);
      const environment = manifest['environment'] as EnvironmentInfo;
      delete environment.build;
      entries.set('Dockerfile', {
        data: Buffer.from(
          generateDockerfileV1({
            baseImage: (manifest['replay'] as Manifest['replay']).baseImage,
            environment,
            command: 'python train.py',
            projectName: (manifest['project'] as Manifest['project']).name,
          }),
        ),
        executable: false,
      });
    });
    const report = await replay(v1);
    expect(report.verification.problems).toEqual([]);
    expect(report.verdict).toBe('REPRODUCED');
  });

  it('never builds for a generator version it does not know, and never matches a results store the run did not log', async () => {
    const honest = await bundleOf('versions');
    const newer = path.join(work, 'newer-generator.rbundle');
    await hostileBundle(honest, newer, (manifest) => {
      (manifest['replay'] as { generator: { version: number } }).generator.version = 99;
    });
    const refused = await replay(newer);
    expect(refused.verdict).toBe('FAILED');
    expect(refused.reason).toContain('Dockerfile generator version 99, newer than this');
    expect(refused.image).toBeNull();
    // The run writes its metrics file as ever; the manifest says the numbers come from an MLflow
    // store there, which holds no run: no number, so never REPRODUCED.
    const store = path.join(work, 'mlflow-source.rbundle');
    await hostileBundle(honest, store, (manifest) => {
      const results = manifest['results'] as { metrics: { source: string }[] };
      for (const metric of results.metrics) metric.source = 'mlflow';
    });
    const report = await replay(store);
    expect(report.run?.exitCode).toBe(0);
    expect(report.verdict).not.toBe('REPRODUCED');
    expect(report.metrics[0]?.reason).toContain('the run logged no mlflow run with metrics in metrics.json');
  });

  it("stops a run that writes more than its outputs quota on the reviewer's disk", async () => {
    const file = await bundleOf('quota', async (project) => {
      const train = path.join(project, 'train.py');
      await writeFile(train, `${await readFile(train, 'utf8')}\nopen('big.bin', 'wb').write(b'0' * 50_000_000)\n`);
    });
    const report = await replay(file, { outputsQuotaBytes: 10_000_000 });
    expect(report.verdict).toBe('FAILED');
    expect(report.reason).toBe('The run wrote more than 10.0 MB into its outputs folder, its quota, and was stopped.');
  });

  it("names a run the kernel killed for memory from the engine's record, not from exit status 137", async () => {
    const file = await bundleOf('oom', async (project) => {
      await writeFile(path.join(project, 'train.py'), 'blocks = [bytearray(16 * 1024 * 1024) for _ in range(64)]\n');
    });
    const report = await replay(file, { limits: { memoryBytes: 256 * 1024 * 1024, cpus: 1, pids: 256 } });
    expect(report.verdict).toBe('FAILED');
    expect(report.reason).toBe(
      'The run was killed by the kernel for using more memory than its limit (268 MB): raise the memory limit and replay again.',
    );
  });

  it('leaves no container behind', async () => {
    expect(await docker.listContainers({ all: true, filters: { label: [`${MANAGED_LABEL}=true`] } })).toEqual([]);
  });
});
