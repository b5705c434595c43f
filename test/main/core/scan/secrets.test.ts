// The secret rules, on names and contents a researcher's project really has.
import { describe, expect, it } from 'vitest';
import { secretsByName, secretsInContent } from '../../../../main/core/scan/secrets';

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
    expect(found('certs/server.pem')).toEqual(['key-file/block']);
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
});
