// Handlers for paper submissions: venue profiles, the reproducibility checklist of a bundle,
// exports (review and camera-ready copies) and checking a reproduction attestation.
import path from 'node:path';
import { optional } from '../shared/optional';
import { assessBundle } from '../core/submission/assess-bundle';
import { verifyAttestation } from '../core/submission/attestation';
import { occurrenceKey } from '../core/submission/anonymise';
import { exportBundle, IdentityResidualError, previewReviewCopy } from '../core/submission/export-bundle';
import type { Occurrence } from '../shared/submission';
import { VENUES } from '../shared/venues';
import type { EngineContext } from '../core/engine';
import { signingKeyFor } from './signing-key';
import type { GroupOperations } from './handler-groups';
import type { HandlerGroup } from './handler-types';

const withKey = (found: Occurrence): Occurrence & { key: string } => ({ ...found, key: occurrenceKey(found) });

type SubmissionOperations = GroupOperations<'submission'>;

export function submissionHandlers(context: EngineContext): HandlerGroup<SubmissionOperations> {
  const workDir = (): string => context.workRoot();
  return {
    venues: async () => ({ venues: [...VENUES] }),
    assessBundle: async (request, { signal }) => assessBundle(path.resolve(request.file), workDir(), signal),
    exportBundle: async (request, { signal, progress }) => {
      if (request.dryRun) {
        const preview =
          request.kind === 'review'
            ? await previewReviewCopy({
                source: path.resolve(request.file),
                workDir: workDir(),
                identity: request.identity,
                environment: context.env,
                residual: request.residual,
                redactLines: request.redact,
                signal,
              })
            : { rewrites: [], residual: [], warnings: ['A camera-ready copy rewrites nothing.'] };
        return {
          outcome: 'dry-run' as const,
          rewrites: preview.rewrites,
          residual: preview.residual.map(withKey),
          warnings: preview.warnings,
        };
      }
      const key = request.kind === 'camera-ready' ? await signingKeyFor(context, request) : undefined;
      try {
        const result = await exportBundle({
          source: path.resolve(request.file),
          output: path.resolve(request.output),
          replace: request.overwrite,
          kind: request.kind,
          configDir: context.configDir(),
          workDir: workDir(),
          identity: request.identity,
          residual: request.residual,
          accepted: request.accepted,
          redactLines: request.redact,
          environment: context.env,
          signal,
          onProgress: progress,
          ...optional('key', key),
          ...(request.freeze
            ? {
                freeze: {
                  docker: await context.reachableEngine(),
                  workRoot: context.workRoot(),
                  onLog: (line: string) => progress({ phase: 'build', log: { source: 'build', line } }),
                },
              }
            : {}),
          ...optional('venue', request.venue),
          ...optional('maxSizeMB', request.maxSizeMB),
        });
        return {
          outcome: 'written' as const,
          ...result,
          venue: result.venue?.id ?? null,
          venueName: result.venue?.name ?? null,
          residual: result.residual.map(withKey),
        };
      } catch (error) {
        // The author decides about each remaining occurrence: the screen lists them with choices.
        if (error instanceof IdentityResidualError)
          return { outcome: 'identity-remains' as const, occurrences: error.occurrences.map(withKey) };
        throw error;
      }
    },
    verifyAttestation: async (request) => {
      const check = await verifyAttestation(path.resolve(request.file), path.resolve(request.bundle), {
        trustStore: await context.trustStore(),
      });
      return {
        valid: check.valid,
        problems: check.problems,
        link: check.link,
        verdict: check.statement?.predicate.verdict ?? null,
        attester:
          check.attester === null
            ? null
            : {
                name: check.attester.name,
                fingerprintDisplay: check.attester.fingerprintDisplay,
                trust: check.attester.trust?.state ?? 'unknown',
              },
        statement: check.statement,
      };
    },
  };
}
