// Fault injection (issue 13): every file in the config folder damaged in turn — the settings, the
// trusted signers, the recent bundles (through `serve`), each file of the signing key. The
// command that needs it stops with a message naming the file and what to do, never as a bug in
// ReproBundle, and the damaged file is left exactly as it was (nothing the user could still
// recover is overwritten).
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliFolders, runCli } from '../../helpers/run-cli';
import { REPO_ROOT, requireBuiltCli, serveCli } from '../../helpers/serve-cli';

let base: string;
let env: Record<string, string>;
let bundle: string;
let project: string;

beforeAll(async () => {
  requireBuiltCli();
  base = await mkdtemp(path.join(tmpdir(), 'rb-corrupt-'));
  env = { ...cliFolders(base), GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  project = path.join(base, 'project');
  await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
  expect((await runCli(['keygen', '--name', 'Ada Lovelace'], env)).code).toBe(0);
  bundle = path.join(base, 'example.rbundle');
  expect((await runCli(['create', project, '-o', bundle, '--no-hardware'], env)).code).toBe(0);
}, 120_000);
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const config = (...parts: string[]): string => path.join(env['REPROBUNDLE_CONFIG_DIR'] as string, ...parts);

const cases: { name: string; file: () => string; damage: string; run: () => string[]; says: RegExp }[] = [
  {
    name: 'settings.json',
    file: () => config('settings.json'),
    damage: '{"dockerHost": 3',
    run: () => ['status'],
    says: /not valid/,
  },
  {
    name: 'trusted-signers.json',
    file: () => config('trusted-signers.json'),
    damage: '{"version":1,"signers":[{',
    run: () => ['verify', bundle],
    says: /trusted-signers file .* cannot be read/,
  },
  {
    name: 'keys/default/signing-key.pem',
    file: () => config('keys', 'default', 'signing-key.pem'),
    damage: '-----BEGIN PRIVATE KEY-----\nMC4CAQ',
    run: () => ['create', project, '-o', path.join(base, 'new.rbundle'), '--no-hardware'],
    says: /not a readable private key/,
  },
  {
    name: 'keys/default/signing-key.pub.pem',
    file: () => config('keys', 'default', 'signing-key.pub.pem'),
    damage: 'garbage',
    run: () => ['create', project, '-o', path.join(base, 'new.rbundle'), '--no-hardware'],
    says: /cannot be read as part of a signing key/,
  },
  {
    name: 'keys/default/signer.json',
    file: () => config('keys', 'default', 'signer.json'),
    damage: '{"name":',
    run: () => ['create', project, '-o', path.join(base, 'new.rbundle'), '--no-hardware'],
    says: /is damaged: it should hold the name you sign with/,
  },
];

describe('a damaged config file', () => {
  for (const damaged of cases) {
    it(`${damaged.name} stops the command with the file named and the fix, and is kept`, async () => {
      const file = damaged.file();
      const good = await readFile(file).catch(() => undefined);
      await writeFile(file, damaged.damage);
      try {
        const result = await runCli(damaged.run(), env);
        expect(result.code, result.stderr).toBe(1);
        expect(result.stderr).toMatch(damaged.says);
        expect(result.stderr).toContain(`file: ${file}`);
        expect(result.stderr).toMatch(/\n {2}fix: +\S/);
        expect(result.stderr).not.toContain('this is a bug');
        expect(await readFile(file, 'utf8')).toBe(damaged.damage);
      } finally {
        if (good === undefined) await rm(file);
        else await writeFile(file, good);
      }
    });
  }

  it('recent-bundles.json: the server names it and goes on answering', async () => {
    const file = config('recent-bundles.json');
    await writeFile(file, '[{"file": 1}');
    const app = await serveCli(env);
    try {
      const call = (name: string): Promise<Response> =>
        fetch(`${app.origin}/api/op/${name}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json', Origin: app.origin },
          body: '{}',
        });
      const recent = await (await call('recentBundles')).text();
      expect(recent).toContain('"type":"error"');
      expect(recent).toContain(file);
      expect(recent).toContain('"fix"');
      expect(await (await call('appInfo')).text()).toContain('"type":"result"');
      expect(await readFile(file, 'utf8')).toBe('[{"file": 1}');
    } finally {
      await app.stop();
    }
  });
});
