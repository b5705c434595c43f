// What the archive metadata says about a project (title, description, licence, authors,
// repository, version, date), gathered from an unpacked bundle: its manifest, README and
// licence file. Shared by CITATION.cff, the RO-Crate, the reviewer README and the model card.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Manifest } from '../../shared/manifest';
import { PROJECT_PREFIX } from '../../shared/layout';

export interface Licence {
  spdx: string;
  name: string;
  /** The project file it was recognised in. */
  file: string;
}

export interface Author {
  name: string;
  givenNames: string;
  familyNames: string;
  email: string | null;
}

export interface ProjectFacts {
  title: string;
  /** Whether the title came from the README (else the folder name). */
  titleFromReadme: boolean;
  description: string | null;
  licence: Licence | null;
  authors: Author[];
  repository: string | null;
  version: string | null;
  /** The day the bundle was made (YYYY-MM-DD). */
  date: string;
}

const LICENCES: readonly { spdx: string; name: string; test: (text: string) => boolean }[] = [
  { spdx: 'MIT', name: 'MIT License', test: (text) => /Permission is hereby granted, free of charge/i.test(text) },
  {
    spdx: 'Apache-2.0',
    name: 'Apache License 2.0',
    test: (text) => /Apache License/i.test(text) && /Version 2\.0/i.test(text),
  },
  {
    spdx: 'GPL-3.0-only',
    name: 'GNU General Public License v3.0',
    test: (text) => /GNU GENERAL PUBLIC LICENSE/i.test(text) && /Version 3/i.test(text),
  },
  {
    spdx: 'GPL-2.0-only',
    name: 'GNU General Public License v2.0',
    test: (text) => /GNU GENERAL PUBLIC LICENSE/i.test(text) && /Version 2/i.test(text),
  },
  {
    spdx: 'MPL-2.0',
    name: 'Mozilla Public License 2.0',
    test: (text) => /Mozilla Public License,? Version 2\.0/i.test(text),
  },
  {
    spdx: 'BSD-3-Clause',
    name: 'BSD 3-Clause License',
    test: (text) => /Redistribution and use in source and binary forms/i.test(text) && /Neither the name/i.test(text),
  },
  {
    spdx: 'BSD-2-Clause',
    name: 'BSD 2-Clause License',
    test: (text) => /Redistribution and use in source and binary forms/i.test(text),
  },
  { spdx: 'CC0-1.0', name: 'Creative Commons Zero v1.0 Universal', test: (text) => /CC0 1\.0 Universal/i.test(text) },
  {
    spdx: 'CC-BY-4.0',
    name: 'Creative Commons Attribution 4.0 International',
    test: (text) => /Attribution 4\.0 International/i.test(text),
  },
];

const LICENCE_FILE = /^(LICEN[CS]E|COPYING)(\.(md|txt|rst))?$/i;
const README_FILE = /^README(\.(md|rst|txt))?$/i;

async function readProjectText(
  bundleDir: string,
  manifest: Manifest,
  pattern: RegExp,
): Promise<{ file: string; text: string } | null> {
  const entry = manifest.files.find(
    (file) =>
      file.path.startsWith(PROJECT_PREFIX) &&
      pattern.test(file.path.slice(PROJECT_PREFIX.length)) &&
      file.size < 1024 * 1024,
  );
  if (entry === undefined) return null;
  return {
    file: entry.path.slice(PROJECT_PREFIX.length),
    text: await readFile(path.join(bundleDir, ...entry.path.split('/')), 'utf8'),
  };
}

export function recogniseLicence(file: string, text: string): Licence | null {
  const known = LICENCES.find((licence) => licence.test(text));
  return known === undefined ? null : { spdx: known.spdx, name: known.name, file };
}

/** "Ada King Lovelace" → given "Ada King", family "Lovelace"; a single word is a family name. */
export function splitName(name: string): { givenNames: string; familyNames: string } {
  const parts = name.trim().split(/\s+/);
  if (parts.length === 1) return { givenNames: '', familyNames: parts[0] ?? '' };
  return { givenNames: parts.slice(0, -1).join(' '), familyNames: parts[parts.length - 1] ?? '' };
}

/** A clone URL as a browsable https URL, when it has that form (`git@github.com:a/b.git` → `https://github.com/a/b`). */
export function browsableRepository(remote: string): string {
  const scp = /^[^@/]+@([^:/]+):(.+?)(\.git)?$/.exec(remote);
  if (scp !== null) return `https://${scp[1]}/${scp[2]}`;
  return remote.replace(/^ssh:\/\/[^@]+@/, 'https://').replace(/\.git$/, '');
}

export async function readProjectFacts(bundleDir: string, manifest: Manifest): Promise<ProjectFacts> {
  const readme = await readProjectText(bundleDir, manifest, README_FILE);
  const licenceText = await readProjectText(bundleDir, manifest, LICENCE_FILE);
  const heading = readme === null ? undefined : /^#\s+(.+)$/m.exec(readme.text)?.[1]?.trim();
  const paragraph = readme?.text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .find((block) => block !== '' && !block.startsWith('#') && !block.startsWith('```') && !block.startsWith('!['));
  const git = manifest.project.git;
  const authors: Author[] = (git?.authors ?? []).map((author) => ({
    name: author.name,
    ...splitName(author.name),
    email: author.email === '' ? null : author.email,
  }));
  return {
    title: heading ?? manifest.project.name,
    titleFromReadme: heading !== undefined,
    description: paragraph?.replace(/\s+/g, ' ') ?? null,
    licence: licenceText === null ? null : recogniseLicence(licenceText.file, licenceText.text),
    authors,
    repository: git?.remote === null || git?.remote === undefined ? null : browsableRepository(git.remote),
    version: git?.commit?.slice(0, 12) ?? null,
    date: manifest.createdAt.slice(0, 10),
  };
}
