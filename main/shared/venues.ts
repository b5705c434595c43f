// Venue profiles for exports: the size limit, the accepted formats, the anonymity rule, and
// whether a DOI archive is expected. These are the defaults ReproBundle applies; venues revise
// their calls every year, so docs/submissions.md says to check the current call, and a size
// limit given with the export overrides the limit for any venue (or for one not listed).
export type Anonymity = 'double-blind' | 'single-blind' | 'open';

export interface VenueProfile {
  id: string;
  name: string;
  /** Largest upload accepted, in MB; null when the venue sets none (an archive's own limit applies). */
  maxSizeMB: number | null;
  formats: string[];
  anonymity: Anonymity;
  /** Whether the artifact must be deposited in an archive that mints a DOI (e.g. for an "available" badge). */
  doiRequired: boolean;
  notes: string;
}

export const VENUES: readonly VenueProfile[] = [
  {
    id: 'neurips',
    name: 'NeurIPS (main track, supplementary material)',
    maxSizeMB: 100,
    formats: ['zip'],
    anonymity: 'double-blind',
    doiRequired: false,
    notes: 'Code and data in the supplementary material must be anonymised for review.',
  },
  {
    id: 'icml',
    name: 'ICML (supplementary material)',
    maxSizeMB: 100,
    formats: ['zip', 'pdf'],
    anonymity: 'double-blind',
    doiRequired: false,
    notes: 'Supplementary code is reviewed double-blind with the paper.',
  },
  {
    id: 'iclr',
    name: 'ICLR (OpenReview supplementary material)',
    maxSizeMB: 100,
    formats: ['zip', 'pdf'],
    anonymity: 'double-blind',
    doiRequired: false,
    notes: 'Submissions and their supplementary material are public on OpenReview during review: anonymise everything.',
  },
  {
    id: 'acm-ae',
    name: 'ACM artifact evaluation',
    maxSizeMB: null,
    formats: ['zip', 'tar.gz', 'container image'],
    anonymity: 'single-blind',
    doiRequired: true,
    notes:
      'The "Artifacts Available" badge needs a permanent archive with a DOI (e.g. Zenodo); evaluators usually see the authors.',
  },
  {
    id: 'zenodo',
    name: 'Zenodo (archive with DOI)',
    maxSizeMB: 50 * 1024,
    formats: ['any'],
    anonymity: 'open',
    doiRequired: true,
    notes: 'Public, with full author identity; mints a DOI per version.',
  },
];

export function findVenue(id: string): VenueProfile | undefined {
  return VENUES.find((venue) => venue.id === id.toLowerCase());
}
