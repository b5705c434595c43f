// The pieces of anonymisation and archive metadata on their own: owners from remote URLs, user
// names from home paths, redaction (longest first, any case), occurrences with their lines,
// names split for CFF, clone URLs made browsable, and licences recognised by their text.
import { describe, expect, it } from 'vitest';
import { findOccurrences, homeUsers, redact, remoteOwner } from '../../../../main/core/submission/identity';
import { type IdentityTerm, type Occurrence } from '../../../../main/shared/submission';
import { browsableRepository, recogniseLicence, splitName } from '../../../../main/core/submission/project-facts';

const given: IdentityTerm[] = [
  { value: 'Ada Lovelace', kind: 'name', source: 'signer' },
  { value: 'ada@lovelace.example', kind: 'email', source: 'git author' },
  { value: 'Ada', kind: 'name', source: 'given with --identity' },
];
const terms = given.sort((a, b) => b.value.length - a.value.length);

describe('identity', () => {
  it('finds the owner in every remote URL form', () => {
    expect(remoteOwner('https://github.com/adalovelace/engine.git')).toBe('adalovelace');
    expect(remoteOwner('git@gitlab.com:adalovelace/engine.git')).toBe('adalovelace');
    expect(remoteOwner('ssh://git@host.example/adalovelace/engine')).toBe('adalovelace');
    expect(remoteOwner('s3://ada-bucket/data')).toBe('ada-bucket');
    expect(remoteOwner('not a url')).toBeNull();
  });

  it('finds user names in POSIX, macOS and Windows home paths', () => {
    expect(homeUsers('/home/alovelace/x and /Users/ada.l/y and C:\\Users\\ALovelace\\z').sort()).toEqual([
      'ALovelace',
      'ada.l',
      'alovelace',
    ]);
  });

  it("replaces the longest match first, in any case, with the kind's placeholder", () => {
    expect(redact('By ADA LOVELACE <ada@lovelace.example>, thanks Ada Lovelace.', terms)).toBe(
      'By Anonymous Author <anonymous@example.org>, thanks Anonymous Author.',
    );
  });

  it('matches identities as whole tokens: "ada" never inside metadata, adaptive, Canada or ada_utils', () => {
    const short: IdentityTerm[] = [
      { value: 'ada', kind: 'account', source: 'git author email' },
      { value: 'li', kind: 'name', source: 'git author' },
      { value: 'max', kind: 'name', source: 'git author' },
    ];
    const code = [
      'metadata = adaptive_lr(Canada)  # ada_utils',
      'x = max(a, b)',
      '<ul><li>one</li></ul>',
      'from ada import Model',
    ].join('\n');
    expect(redact(code, short)).toBe(code);
    expect(findOccurrences('x.py', code, short)).toEqual([]);
    // A plain word elsewhere is listed for the author, never rewritten.
    const weak: Occurrence[] = [];
    findOccurrences('x.py', code, short, weak);
    expect(weak.map((found) => `${found.line}:${found.term}`)).toEqual(['2:max', '4:ada']);
  });

  it('rewrites a short name where it names a person: e-mail, handle, home folder, author lines', () => {
    const short: IdentityTerm[] = [{ value: 'ada', kind: 'account', source: 'git author email' }];
    expect(redact('mail ada@uni.example or @ada; data in /home/ada/runs', short)).toBe(
      'mail anonymous@uni.example or @anonymous; data in /home/anonymous/runs',
    );
    expect(redact('__author__ = "ada"', short)).toBe('__author__ = "anonymous"');
    expect(redact('Copyright (c) 2024 ada', short)).toBe('Copyright (c) 2024 anonymous');
  });

  it('reports each occurrence with its line', () => {
    expect(findOccurrences('x.py', 'a = 1\n# ada@lovelace.example\n', terms)).toEqual([
      { file: 'x.py', line: 2, term: 'ada@lovelace.example', kind: 'email', excerpt: '# ada@lovelace.example' },
    ]);
  });
});

describe('project facts', () => {
  it('splits names for CFF: the last word is the family name', () => {
    expect(splitName('Ada King Lovelace')).toEqual({ givenNames: 'Ada King', familyNames: 'Lovelace' });
    expect(splitName('Plato')).toEqual({ givenNames: '', familyNames: 'Plato' });
  });

  it('makes clone URLs browsable', () => {
    expect(browsableRepository('git@github.com:ada/engine.git')).toBe('https://github.com/ada/engine');
    expect(browsableRepository('https://github.com/ada/engine.git')).toBe('https://github.com/ada/engine');
  });

  it('recognises licences by their text, and says nothing when it cannot', () => {
    expect(recogniseLicence('LICENSE', 'Apache License\nVersion 2.0, January 2004')?.spdx).toBe('Apache-2.0');
    expect(recogniseLicence('COPYING', 'GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007')?.spdx).toBe(
      'GPL-3.0-only',
    );
    expect(
      recogniseLicence('LICENSE', 'Redistribution and use in source and binary forms ... Neither the name of')?.spdx,
    ).toBe('BSD-3-Clause');
    expect(recogniseLicence('LICENSE', 'All rights reserved.')).toBeNull();
  });
});
