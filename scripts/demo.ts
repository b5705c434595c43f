// `npm run demo`: the main job on the example project in resources/example-project: create a
// signed bundle, verify it, replay it in Docker and print the verdict and the report's path.
// It runs the real CLI, printing each command first. Without a Docker engine it still creates
// and verifies, then says what the replay needs. Offline machines use the local base image that
// scripts/setup-test-env.sh builds.
import { execFileSync, spawnSync } from 'node:child_process';
import { cp, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OFFLINE_BASE_IMAGE } from './offline-base-image';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');
const repo = existsSync(path.join(root, 'package.json')) ? root : process.cwd();
const cli = path.join(repo, 'out', 'main', 'cli.js');
const demoDir = process.env['REPROBUNDLE_DEMO_DIR'] ?? path.join(os.tmpdir(), 'reprobundle-demo');
const env = {
  ...process.env,
  REPROBUNDLE_CONFIG_DIR: process.env['REPROBUNDLE_CONFIG_DIR'] ?? path.join(demoDir, 'config'),
  REPROBUNDLE_WORK_DIR: process.env['REPROBUNDLE_WORK_DIR'] ?? path.join(demoDir, 'replays'),
};
const localBase = OFFLINE_BASE_IMAGE;

function step(title: string, args: string[], allowFailure = false): number {
  process.stdout.write(`\n== ${title}\n$ reprobundle ${args.join(' ')}\n`);
  const result = spawnSync(process.execPath, [cli, ...args], { env, stdio: 'inherit' });
  if (result.status !== 0 && !allowFailure) {
    process.stdout.write(`\nThe demo stopped: "reprobundle ${args[0] ?? ''}" exited with ${String(result.status)}.\n`);
    process.exit(result.status ?? 1);
  }
  return result.status ?? 1;
}

function dockerAnswers(): boolean {
  try {
    execFileSync(process.execPath, [cli, 'status'], { env, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function hasImage(ref: string): boolean {
  return spawnSync('docker', ['image', 'inspect', ref], { stdio: 'ignore' }).status === 0;
}

await rm(path.join(demoDir, 'example-project'), { recursive: true, force: true });
await mkdir(demoDir, { recursive: true });
const project = path.join(demoDir, 'example-project');
await cp(path.join(repo, 'resources', 'example-project'), project, { recursive: true });
const bundle = path.join(demoDir, 'example.rbundle');

if (!existsSync(path.join(env.REPROBUNDLE_CONFIG_DIR, 'keys', 'default', 'signing-key.pem'))) {
  step('Make a signing key for the demo (kept in its own folder)', ['keygen', '--name', 'ReproBundle Demo']);
}
const docker = dockerAnswers();
// No registry may be reachable: use the offline base image when the engine has it.
const baseImage = docker && hasImage(localBase) ? ['--base-image', localBase] : [];
step('Create a signed bundle from the example project', [
  'create',
  project,
  '-o',
  bundle,
  '--run',
  'python train.py',
  ...baseImage,
]);
step('Verify it: signature, and every file against the manifest', ['verify', bundle]);
if (!docker) {
  process.stdout.write(
    '\nNo Docker engine answers, so the replay is skipped. To replay: install and start Docker\n' +
      '(https://docs.docker.com/engine/install/), or set DOCKER_HOST to a running engine, then run\n' +
      `  node out/main/cli.js replay ${bundle}\n` +
      'On a machine without registry access, first build the offline base image: sudo bash scripts/setup-test-env.sh\n',
  );
  process.exit(0);
}
const status = step('Replay it in a sandboxed container and compare the metrics', ['replay', bundle], true);
process.stdout.write(
  `\nDemo finished: the replay ${status === 0 ? 'reproduced the recorded results' : 'did NOT reproduce the results (see the report above)'}.\n`,
);
process.exit(status);
