// The shapes of paper submissions: the reproducibility checklist, the identity an export
// removes, and the places where identity remains in a review copy.
import { z } from 'zod';

export const checklistItemSchema = z.object({
  id: z.string(),
  section: z.enum(['Models and algorithms', 'Datasets', 'Code', 'Experiments']),
  title: z.string(),
  status: z.enum(['green', 'amber', 'red']),
  evidence: z.array(z.string()),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;
export type ItemStatus = ChecklistItem['status'];

export const identityKindSchema = z.enum(['name', 'email', 'account', 'host']);
export type IdentityKind = z.infer<typeof identityKindSchema>;

export const identityTermSchema = z.object({
  value: z.string(),
  kind: identityKindSchema,
  /** Where it was learnt, for the report: "signer", "git author", "git remote", … */
  source: z.string(),
});
export type IdentityTerm = z.infer<typeof identityTermSchema>;

export const occurrenceSchema = z.object({
  file: z.string(),
  /** 1-based; null for an occurrence in the file's name. */
  line: z.number().nullable(),
  term: z.string(),
  kind: identityKindSchema,
  /** The line, trimmed to a readable length. */
  excerpt: z.string(),
});
export type Occurrence = z.infer<typeof occurrenceSchema>;

/** One line a review copy rewrites (or would, in a dry run), as a diff to approve. */
export const rewriteSchema = z.object({
  file: z.string(),
  line: z.number(),
  before: z.string(),
  after: z.string(),
  /** Documentation is rewritten by the export itself; code only when the author names the line or asks for all. */
  automatic: z.boolean(),
  /** Rewritten in this export (false in a dry run, or for a code line not named). */
  applied: z.boolean(),
});
export type Rewrite = z.infer<typeof rewriteSchema>;
