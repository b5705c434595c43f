// The secret rules, on names and contents a researcher's project really has.
import { describe, expect, it } from 'vitest';
import { ContentSecretScanner, secretsByName, secretsInContent } from '../../../../main/core/scan/secrets';

const rulesFor = (text: string): string[] =>
  secretsInContent('file.py', Buffer.from(text)).map((finding) => `${finding.rule}:${finding.line ?? ''}`);
const token = (parts: string[]): string => parts.join(''); // keeps fake tokens out of this file's own scan

describe('secrets by name', () => {
  it('blocks credential files and warns for tool configs', () => {
    const found = (path: string): string[] =>
      secretsByName(path).map((finding) => `${finding.rule}/${finding.severity}`);
    expect(found('.env')).toEqual(['env-file/block']);
    expect(found('config/.env.production')).toEqual(['env-file/block']);
    expect(found('.env.example')).toEqual([]);
    expect(found('deploy/id_rsa')).toEqual(['ssh-private-key/block']);
    expect(found('deploy/id_rsa.pub')).toEqual([]);
    expect(found('certs/server.key')).toEqual(['key-file/block']);
    // A .pem may be a public certificate: its content decides.
    expect(found('certs/ca-bundle.pem')).toEqual([]);
    expect(found('kaggle.json')).toEqual(['kaggle-credentials/block']);
    expect(found('.kaggle/kaggle.json')).toEqual(['kaggle-credentials/block']);
    // direnv's .envrc is searched by content, not refused by name.
    expect(found('.envrc')).toEqual([]);
    expect(found('home/.aws/credentials')).toEqual(['cloud-credentials/block']);
    expect(found('.docker/config.json')).toEqual(['cloud-credentials/block']);
    expect(found('.netrc')).toEqual(['credentials-rc/warn']);
    expect(found('src/train.py')).toEqual([]);
  });
});

describe('secrets by content', () => {
  it('finds tokens and keys with their line', () => {
    expect(rulesFor(`x = 1\nkey = "${token(['AKIA', 'ABCDEFGHIJKLMNOP'])}"\n`)).toEqual(['aws-access-key:2']);
    expect(rulesFor(`HF = "${token(['hf_', 'a'.repeat(10), 'B'.repeat(10), 'c'.repeat(14)])}"`)).toEqual([
      'huggingface-token:1',
    ]);
    expect(rulesFor(`client = OpenAI(api_key="${token(['sk-proj-', 'Ab1'.repeat(16)])}")`)).toContain('openai-key:1');
    expect(rulesFor(`-----BEGIN OPENSSH ${'PRIVATE'} KEY-----\nabc\n`)).toEqual(['private-key-block:1']);
    expect(rulesFor(`{"type": "service_account", "project_id": "p", "private_key": "x"}`)).toEqual([
      'service-account-json:1',
    ]);
    expect(rulesFor(`\n\nDB_PASSWORD = "q8Zr!vL2#mT9xW4p"\n`)).toEqual(['secret-assignment:3']);
  });

  it('finds the forms real projects leak: notebooks, wandb, unquoted YAML and shell, URLs, webhooks, .netrc', () => {
    const wandbKey = token(['4f1c9e2b7d3a', '8e6f0c1b5a9d', '2e7f3c6b8a1d', '0e9f']);
    expect(rulesFor(`import os\nos.environ["WANDB_API_KEY"] = "${wandbKey}"\n`)).toEqual(['secret-assignment:2']);
    expect(rulesFor(`import wandb\nwandb.login(key="${wandbKey}")\n`)).toContain('wandb-login-key:2');
    expect(rulesFor(`wandb:\n  api_key: ${token(['BwI3kd92', 'LmQ0xZr7', 'Tp4sVb8N'])}\n`)).toEqual([
      'secret-assignment:2',
    ]);
    expect(rulesFor(`#!/bin/sh\nexport WANDB_API_KEY=${wandbKey}\npython train.py\n`)).toEqual(['secret-assignment:2']);
    expect(rulesFor(`DB = "postgresql://ada:${token(['s3cr', 'et-pw'])}@db.example.org/experiments"\n`)).toEqual([
      'url-credentials:1',
    ]);
    expect(
      rulesFor(
        `hook = "https://hooks.slack.com/services/${token(['T0123ABCD/B0456EFGH/', 'a1B2c3D4e5F6g7H8i9J0'])}"\n`,
      ),
    ).toEqual(['slack-webhook:1']);
    const netrc = secretsInContent(
      '.netrc',
      Buffer.from(`machine api.wandb.ai\n  login user\n  password ${wandbKey}\n`),
    );
    expect(netrc.map((finding) => finding.rule)).toContain('netrc-password');
  });

  it('leaves public certificates, secret-free .envrc files and URLs without passwords alone', () => {
    expect(
      secretsInContent(
        'ca.pem',
        Buffer.from(`-----BEGIN CERTIFICATE-----\nMIIB${'A'.repeat(60)}\n-----END CERTIFICATE-----\n`),
      ),
    ).toEqual([]);
    expect(secretsInContent('.envrc', Buffer.from('export MLFLOW_TRACKING_URI=http://127.0.0.1:5000\n'))).toEqual([]);
    expect(
      rulesFor('url = "https://user@github.com/org/repo.git"\nDB = "postgresql://user:${PGPASSWORD}@db/x"\n'),
    ).toEqual([]);
    // Placeholders in documentation and tests (seen in cookiecutter-data-science's docs and renv's tests)…
    expect(
      rulesFor(
        'DATABASE_URL=postgres://username:password@localhost:5432/dbname\nURLs like `https://user:token@host/path` are sanitised\nx = "https://user:xxxx@example.com/r"\n',
      ),
    ).toEqual([]);
    // …but a real password after a placeholder on the same line is still found.
    expect(
      rulesFor(`a = "https://user:token@host/x"; b = "redis://cache:${token(['Zq8', 'vR2', 'mK5'])}@10.0.0.5:6379"\n`),
    ).toEqual(['url-credentials:1']);
    expect(
      rulesFor('access_token = compute_access_token_value(user)\ntoken_count = len(tokens_of_this_batch)\n'),
    ).toEqual([]);
  });

  it('does not flag placeholders, references or ordinary code', () => {
    expect(rulesFor('API_KEY = os.environ["API_KEY"]\n')).toEqual([]);
    expect(rulesFor('SECRET_KEY = "changeme-changeme"\n')).toEqual([]);
    expect(rulesFor('token = "${HF_TOKEN}"\n')).toEqual([]);
    expect(rulesFor('PASSWORD = "aaaaaaaaaaaaaaaa"\n')).toEqual([]); // long but not random
    expect(rulesFor('tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")\nmax_tokens = 512\n')).toEqual([]);
    expect(rulesFor('def task-runner(): pass  # sk-short\n')).toEqual([]);
  });

  it('skips binary files', () => {
    const binary = Buffer.concat([Buffer.from([0, 1, 2, 3]), Buffer.from(token(['AKIA', 'ABCDEFGHIJKLMNOP']))]);
    expect(secretsInContent('weights.bin', binary)).toEqual([]);
  });

  it('reads a file of any size in windows: lines counted across them, a pattern matched across their edge', () => {
    // 1 MiB windows: a service-account JSON whose "type" ends the first window and whose key
    // starts the second, then more log lines to make the file several windows long.
    const filler = 'step 1 loss 0.5\n'.repeat(65_530); // 1,048,480 bytes
    const json = `{"type": "service_account",\n"project_id": "${'p'.repeat(120)}",\n"private_key": "x"}\n`;
    const data = Buffer.from(`${filler}${json}${'tail\n'.repeat(1_000_000)}`);
    const scanner = new ContentSecretScanner('dump.jsonl');
    for (let at = 0; at < data.length; at += 1024 * 1024) scanner.push(data.subarray(at, at + 1024 * 1024));
    expect(scanner.finish().map((finding) => `${finding.rule}:${finding.line ?? ''}`)).toEqual([
      'service-account-json:65531',
    ]);
  });

  it('decodes UTF-16 split at an odd byte between chunks, and stops reading binary data', () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`line one\nkey = "${token(['AKIA', 'ABCDEFGHIJKLMNOP'])}"\n`, 'utf16le'),
    ]);
    const scanner = new ContentSecretScanner('notes.txt');
    for (let at = 0; at < utf16.length; at += 7) scanner.push(utf16.subarray(at, at + 7));
    expect(scanner.finish().map((finding) => `${finding.rule}:${finding.line ?? ''}`)).toEqual(['aws-access-key:2']);

    const binary = new ContentSecretScanner('weights.bin');
    binary.push(Buffer.from([0, 1, 2, 3]));
    expect(binary.wantsMore).toBe(false);
    binary.push(Buffer.from(token(['AKIA', 'ABCDEFGHIJKLMNOP'])));
    expect(binary.finish()).toEqual([]);
  });
});
