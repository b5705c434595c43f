// Finds secrets a bundle must not carry: by file name (env files, private keys, credential
// stores) and by content (private-key blocks, cloud and service tokens, high-entropy values
// assigned to secret-looking names). Blocking findings stop `create` until the user excludes the
// file or overrides it explicitly (recorded in the manifest); warnings are shown, not enforced.
import path from 'node:path';

export interface SecretFinding {
  path: string;
  rule: string;
  severity: 'block' | 'warn';
  /** 1-based line of a content finding. */
  line: number | null;
  description: string;
}

interface NameRule {
  rule: string;
  severity: 'block' | 'warn';
  description: string;
  matches: (relPath: string, base: string) => boolean;
}

const TEMPLATE_SUFFIX = /\.(example|sample|template|dist)$/i;

const NAME_RULES: readonly NameRule[] = [
  {
    rule: 'env-file',
    severity: 'block',
    description: 'environment file (.env*): usually holds credentials',
    matches: (_rel, base) => base.startsWith('.env') && !TEMPLATE_SUFFIX.test(base),
  },
  {
    rule: 'ssh-private-key',
    severity: 'block',
    description: 'SSH private key',
    matches: (_rel, base) => /^id_(rsa|dsa|ecdsa|ed25519)/.test(base) && !base.endsWith('.pub'),
  },
  {
    rule: 'key-file',
    severity: 'block',
    description: 'key or certificate bundle (.pem, .key, .p12, .pfx)',
    matches: (_rel, base) => /\.(pem|key|p12|pfx)$/i.test(base),
  },
  {
    rule: 'cloud-credentials',
    severity: 'block',
    description: 'cloud or registry credentials file',
    matches: (rel) => /(^|\/)\.aws\/credentials$/.test(rel) || /(^|\/)\.docker\/config\.json$/.test(rel) || /(^|\/)\.git-credentials$/.test(rel),
  },
  {
    rule: 'credentials-rc',
    severity: 'warn',
    description: 'tool configuration that often holds a password or token (.npmrc, .pypirc, .netrc, .pgpass)',
    matches: (_rel, base) => ['.npmrc', '.pypirc', '.netrc', '_netrc', '.pgpass'].includes(base),
  },
];

interface ContentRule {
  rule: string;
  description: string;
  pattern: RegExp;
  /** Extra check on the match (entropy, placeholders). */
  accept?: (match: RegExpExecArray) => boolean;
}

const CONTENT_RULES: readonly ContentRule[] = [
  {
    rule: 'private-key-block',
    description: 'private key block',
    pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g,
  },
  { rule: 'aws-access-key', description: 'AWS access key ID', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  {
    rule: 'aws-secret-key',
    description: 'AWS secret access key',
    pattern: /aws_secret_access_key\s*[:=]\s*["']?[A-Za-z0-9/+=]{40}\b/gi,
  },
  { rule: 'github-token', description: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/g },
  { rule: 'huggingface-token', description: 'Hugging Face token', pattern: /\bhf_[A-Za-z0-9]{34,}\b/g },
  { rule: 'openai-key', description: 'OpenAI API key', pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}\b/g },
  { rule: 'pypi-token', description: 'PyPI upload token', pattern: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}\b/g },
  {
    rule: 'service-account-json',
    description: 'cloud service-account key (JSON with a private key)',
    pattern: /"type"\s*:\s*"service_account"[\s\S]{0,4000}?"private_key"\s*:/g,
  },
  {
    rule: 'secret-assignment',
    description: 'high-entropy value assigned to a secret-looking name',
    pattern:
      /\b([A-Za-z0-9_]*(?:SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY)[A-Za-z0-9_]*)\b["']?\s*[:=]\s*["']([^"'\s]{12,})["']/gi,
    accept: (match) => looksLikeSecret(match[2] ?? ''),
  },
];

/** Name rules for one project-relative path. */
export function secretsByName(relPath: string): SecretFinding[] {
  const base = path.posix.basename(relPath);
  return NAME_RULES.filter((rule) => rule.matches(relPath, base)).map((rule) => ({
    path: relPath,
    rule: rule.rule,
    severity: rule.severity,
    line: null,
    description: rule.description,
  }));
}

/** How much of a file the content rules read: secrets sit in small config and source files. */
export const CONTENT_SCAN_BYTES = 4 * 1024 * 1024;

/** Content rules over (the start of) a file; binary data is skipped. */
export function secretsInContent(relPath: string, data: Buffer): SecretFinding[] {
  const sample = data.length > CONTENT_SCAN_BYTES ? data.subarray(0, CONTENT_SCAN_BYTES) : data;
  if (sample.subarray(0, 8192).includes(0)) return [];
  const text = sample.toString('utf8');
  const findings: SecretFinding[] = [];
  for (const rule of CONTENT_RULES) {
    rule.pattern.lastIndex = 0;
    for (let match = rule.pattern.exec(text); match !== null; match = rule.pattern.exec(text)) {
      if (rule.accept !== undefined && !rule.accept(match)) continue;
      findings.push({ path: relPath, rule: rule.rule, severity: 'block', line: lineOf(text, match.index), description: rule.description });
      break; // one finding per rule and file is enough to act on
    }
  }
  return findings;
}

/** Placeholders and references are not secrets; real ones are long and varied. */
function looksLikeSecret(value: string): boolean {
  if (/^(\$\{?|<|%\(|\{\{)|os\.environ|getenv|changeme|example|placeholder|your[_-]?|xxxx|\*{4}/i.test(value)) return false;
  return shannonEntropy(value) >= 3.5;
}

export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}
