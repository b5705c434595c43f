// Finds secrets a bundle must not carry: by file name (env files, private keys, credential
// stores) and by content (private-key blocks, cloud and service tokens, high-entropy values
// assigned to secret-looking names). Blocking findings stop `create` until the user excludes the
// file or overrides it explicitly (recorded in the manifest); warnings are shown, not enforced.
import path from 'node:path';
import type { SecretFinding } from '../../shared/views';

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
    // `.envrc` (direnv) is code more often than secrets: its content is searched like any file's.
    matches: (_rel, base) => base.startsWith('.env') && base !== '.envrc' && !TEMPLATE_SUFFIX.test(base),
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
    description: 'key or certificate bundle (.key, .p12, .pfx)',
    // A .pem is often a public certificate (a CA bundle): its content decides (private-key-block).
    matches: (_rel, base) => /\.(key|p12|pfx)$/i.test(base),
  },
  {
    rule: 'kaggle-credentials',
    severity: 'block',
    description: 'Kaggle API credentials (kaggle.json)',
    matches: (_rel, base) => base === 'kaggle.json',
  },
  {
    rule: 'cloud-credentials',
    severity: 'block',
    description: 'cloud or registry credentials file',
    matches: (rel) =>
      /(^|\/)\.aws\/credentials$/.test(rel) ||
      /(^|\/)\.docker\/config\.json$/.test(rel) ||
      /(^|\/)\.git-credentials$/.test(rel),
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
  /** Cheap literal pre-check: the pattern only runs on text that contains one of these. */
  hints: readonly string[];
  pattern: RegExp;
  /** A match counts only when this accepts it (placeholders in documentation are not secrets). */
  accept?: (match: RegExpExecArray) => boolean;
}

/** Words documentation and tests put where a password goes: `postgres://username:password@host`. */
const PLACEHOLDER_PASSWORD =
  /^(pass(word|wd)?|pwd|token|secret|api[_-]?key|key|changeme|example|user(name)?|my[_-]?pass(word)?|your[_-]?\w*|x{3,}|\*+|\.{3,})$/i;

const CONTENT_RULES: readonly ContentRule[] = [
  {
    rule: 'private-key-block',
    description: 'private key block',
    hints: ['PRIVATE KEY'],
    pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/,
  },
  {
    rule: 'aws-access-key',
    description: 'AWS access key ID',
    hints: ['AKIA', 'ASIA'],
    pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/,
  },
  {
    rule: 'aws-secret-key',
    description: 'AWS secret access key',
    hints: ['aws_secret_access_key', 'AWS_SECRET_ACCESS_KEY'],
    pattern: /aws_secret_access_key\s*[:=]\s*["']?[A-Za-z0-9/+=]{40}\b/i,
  },
  {
    rule: 'github-token',
    description: 'GitHub token',
    hints: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/,
  },
  { rule: 'huggingface-token', description: 'Hugging Face token', hints: ['hf_'], pattern: /\bhf_[A-Za-z0-9]{34,}\b/ },
  {
    rule: 'openai-key',
    description: 'OpenAI API key',
    hints: ['sk-'],
    pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}\b/,
  },
  {
    rule: 'pypi-token',
    description: 'PyPI upload token',
    hints: ['pypi-AgEIcHlwaS5vcmc'],
    pattern: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}\b/,
  },
  {
    rule: 'wandb-login-key',
    description: 'Weights & Biases API key passed to wandb.login',
    hints: ['wandb.login'],
    pattern: /wandb\.login\([^)]*\bkey\s*=\s*["'][A-Za-z0-9_-]{20,}["']/,
  },
  {
    rule: 'url-credentials',
    description: 'password inside a URL (user:password@host)',
    hints: ['://'],
    pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"'<>]+:(?!\$|\{|<|%\(|\*+@)([^\s/@"'<>]{3,})@[\w.-]+/gi,
    accept: (match) => !PLACEHOLDER_PASSWORD.test(match[1] ?? ''),
  },
  {
    rule: 'slack-webhook',
    description: 'Slack incoming webhook URL',
    hints: ['hooks.slack.com'],
    pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,}/,
  },
  {
    rule: 'service-account-json',
    description: 'cloud service-account key (JSON with a private key)',
    hints: ['service_account'],
    pattern: /"type"\s*:\s*"service_account"[\s\S]{0,4000}?"private_key"\s*:/,
  },
];

/**
 * One pass over the text that every rule needs to match something of; most files have none, and
 * skip all rules. (Separate `includes` per hint rescanned each file 23 times.)
 */
const ANY_HINT =
  /PRIVATE KEY|AKIA|ASIA|aws_secret_access_key|gh[pousr]_|github_pat_|hf_|sk-|pypi-|service_account|secret|token|passw|api_?key|private_?key|access_?key|wandb\.login|:\/\/[^\s/@]+@|hooks\.slack\.com/i;
/** Names that hold secrets; searched first, so the full assignment pattern only runs on those lines. */
const SECRET_NAME = /secret|token|passw(?:or)?d|api_?key|private_?key|access_?key/gi;
/**
 * `NAME = "value"`, `name: value` (YAML, unquoted), `export NAME=value` (shell), `os.environ["NAME"] = "value"`.
 * The value is quoted, or runs to the end of the word.
 */
const SECRET_ASSIGNMENT =
  /\b([A-Za-z0-9_]*(?:SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY)[A-Za-z0-9_]*)\b["']?\]?\s*[:=]\s*(?:["']([^"'\s]{12,})["']|([A-Za-z0-9_+/=-]{16,})(?=\s|$|#))/i;
/**
 * An unquoted value is a key only when it looks like one — long hex (W&B's 40), or letters of both
 * cases with digits — and not an identifier such as `compute_access_token_value`.
 */
const KEY_LIKE = (value: string): boolean =>
  /^[0-9a-f]{32,}$/i.test(value) || (/[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value));

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

/** The content rules search this much text at a time (a file of any size is read whole, window by window). */
const WINDOW_CHARS = 1024 * 1024;
/**
 * The end of each window is read again with the next, so a pattern that spans lines (a
 * service-account JSON's type and private key, up to 4,000 characters apart) is still matched
 * across a window's edge.
 */
const WINDOW_OVERLAP = 8 * 1024;

/**
 * Content rules over a file's bytes as they pass (a scan's read, create's archiving), whole, in
 * windows, so memory stays flat and nothing past a file's first megabytes is skipped. Binary data
 * (a NUL in the first 8 kB, unless the file is UTF-16 text) is not searched. One finding per rule
 * and file, on the first line it matches.
 */
export class ContentSecretScanner {
  private mode: 'unknown' | 'binary' | 'latin1' | 'utf16le' | 'utf16be' = 'unknown';
  /** Decoded text not yet searched: the tail of a window after its last newline. */
  private pending = '';
  /** The end of the last searched window, searched again at the start of the next. */
  private overlap = '';
  /** The line number `overlap` starts on. */
  private overlapLine = 1;
  /** A UTF-16 code unit split across two chunks. */
  private oddByte: Buffer | undefined;
  private readonly found = new Map<string, SecretFinding>();

  constructor(private readonly relPath: string) {}

  /** Whether more bytes can change the result (false once the file is known to be binary). */
  get wantsMore(): boolean {
    return this.mode !== 'binary';
  }

  push(chunk: Buffer): void {
    if (this.mode === 'unknown') {
      const utf16 = utf16Kind(chunk);
      this.mode = utf16 ?? (chunk.subarray(0, 8192).includes(0) ? 'binary' : 'latin1');
      const bom = chunk.length >= 2 ? chunk.readUInt16BE(0) : 0;
      if (utf16 !== undefined && (bom === 0xfffe || bom === 0xfeff)) chunk = chunk.subarray(2);
    }
    if (this.mode === 'binary') return;
    this.pending += this.decode(chunk);
    if (this.pending.length < WINDOW_CHARS) return;
    // Whole lines only, unless one line is longer than a window.
    const cut = this.pending.lastIndexOf('\n');
    const end = cut === -1 ? this.pending.length : cut + 1;
    this.search(this.pending.slice(0, end));
    this.pending = this.pending.slice(end);
  }

  /** The findings, once every byte has been pushed. */
  finish(): SecretFinding[] {
    if (this.mode !== 'binary' && this.pending !== '') this.search(this.pending);
    this.pending = '';
    return [...this.found.values()];
  }

  private decode(chunk: Buffer): string {
    // latin1 decodes byte for byte, several times faster than UTF-8; every pattern is ASCII.
    if (this.mode === 'latin1') return chunk.toString('latin1');
    let data = this.oddByte === undefined ? chunk : Buffer.concat([this.oddByte, chunk]);
    this.oddByte = data.length % 2 === 1 ? data.subarray(data.length - 1) : undefined;
    data = data.subarray(0, data.length - (data.length % 2));
    return (this.mode === 'utf16le' ? data : Buffer.from(data).swap16()).toString('utf16le');
  }

  private search(fresh: string): void {
    const text = this.overlap + fresh;
    for (const finding of secretsInText(this.relPath, text))
      if (!this.found.has(finding.rule))
        this.found.set(finding.rule, { ...finding, line: (finding.line ?? 1) + this.overlapLine - 1 });
    // The next overlap starts at a line start, so line numbers stay exact.
    let start = 0;
    if (text.length > WINDOW_OVERLAP) {
      const newline = text.indexOf('\n', text.length - WINDOW_OVERLAP - 1);
      start = newline === -1 ? text.length : newline + 1;
    }
    this.overlapLine += countLines(text, start);
    this.overlap = text.slice(start);
  }
}

/** Content rules over a file's bytes, all at once (small files, entries inside archives). */
export function secretsInContent(relPath: string, data: Buffer): SecretFinding[] {
  const scanner = new ContentSecretScanner(relPath);
  scanner.push(data);
  return scanner.finish();
}

/** Content rules over one window of decoded text; lines counted from the window's start. */
function secretsInText(relPath: string, text: string): SecretFinding[] {
  if (!ANY_HINT.test(text)) return [];
  const findings: SecretFinding[] = [];
  const found = (rule: string, description: string, index: number): void => {
    findings.push({ path: relPath, rule, severity: 'block', line: countLines(text, index) + 1, description });
  };
  for (const rule of CONTENT_RULES) {
    if (!rule.hints.some((hint) => text.includes(hint))) continue;
    const match = firstAccepted(rule, text);
    if (match !== null) found(rule.rule, rule.description, match.index);
  }
  // A .netrc's passwords are `password <value>` after a machine line, not an assignment.
  if (/^[._]netrc$/.test(path.posix.basename(relPath))) {
    const password = /\bpassword\s+(?!\$)\S+/.exec(text);
    if (password !== null) found('netrc-password', 'password in a .netrc file', password.index);
  }
  SECRET_NAME.lastIndex = 0;
  for (let hit = SECRET_NAME.exec(text); hit !== null; hit = SECRET_NAME.exec(text)) {
    const lineStart = text.lastIndexOf('\n', hit.index) + 1;
    const newline = text.indexOf('\n', hit.index);
    const lineEnd = newline === -1 ? text.length : newline;
    const assignment = SECRET_ASSIGNMENT.exec(text.slice(lineStart, lineEnd));
    const quoted = assignment?.[2];
    const bare = assignment?.[3];
    if (
      assignment !== null &&
      (quoted !== undefined ? looksLikeSecret(quoted) : bare !== undefined && KEY_LIKE(bare) && looksLikeSecret(bare))
    ) {
      found('secret-assignment', 'high-entropy value assigned to a secret-looking name', lineStart);
      break; // one finding per rule and file is enough to act on
    }
    SECRET_NAME.lastIndex = lineEnd; // the rest of this line was just checked
  }
  return findings;
}

/** The rule's first match that it accepts (every match of a global pattern is tried). */
function firstAccepted(rule: ContentRule, text: string): RegExpExecArray | null {
  if (!rule.pattern.global) return rule.pattern.exec(text);
  rule.pattern.lastIndex = 0;
  for (let match = rule.pattern.exec(text); match !== null; match = rule.pattern.exec(text))
    if (rule.accept?.(match) ?? true) return match;
  return null;
}

/** Whether a file's first bytes are UTF-16 text (a byte-order mark, or ASCII with every other byte zero). */
function utf16Kind(data: Buffer): 'utf16le' | 'utf16be' | undefined {
  const bom = data.length >= 2 ? data.readUInt16BE(0) : 0;
  const head = data.subarray(0, Math.min(data.length, 512));
  const zeros = (offset: number): number => {
    let count = 0;
    for (let at = offset; at < head.length; at += 2) if (head[at] === 0) count += 1;
    return count;
  };
  const half = Math.floor(head.length / 2);
  if (bom === 0xfffe || (half >= 8 && zeros(1) >= half * 0.9 && zeros(0) < half * 0.1)) return 'utf16le';
  if (bom === 0xfeff || (half >= 8 && zeros(0) >= half * 0.9 && zeros(1) < half * 0.1)) return 'utf16be';
  return undefined;
}

/** Placeholders and references are not secrets; real ones are long and varied. */
export function looksLikeSecret(value: string): boolean {
  if (/^(\$\{?|<|%\(|\{\{)|os\.environ|getenv|changeme|example|placeholder|your[_-]?|xxxx|\*{4}/i.test(value))
    return false;
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

/** Newlines in `text` before `index`. */
function countLines(text: string, index: number): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) lines += 1;
  return lines;
}

/** What params show instead of a value that looks like a secret. */
export const WITHHELD_VALUE = '[withheld: looks like a secret]';

/**
 * Whether a param's value must not be copied into the manifest: a string under a secret-looking
 * name (unless a placeholder or reference), or any string a content rule would refuse.
 */
export function isSecretParam(key: string, value: unknown): boolean {
  if (typeof value !== 'string' || value.length < 8) return false;
  const secretName = /secret|token|passw(?:or)?d|api_?key|private_?key|access_?key|credential/i.test(
    key.split('.').at(-1) ?? key,
  );
  if (secretName && looksLikeSecret(value)) return true;
  return (
    CONTENT_RULES.some((rule) => firstAccepted(rule, value) !== null) ||
    (KEY_LIKE(value) && value.length >= 32 && looksLikeSecret(value))
  );
}
