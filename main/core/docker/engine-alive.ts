// Whether the Docker engine is still there after something it ran died: an engine that stops or
// restarts ends its containers (often with 137, or a build step's "returned a non-zero code:
// 137") and answers a little longer while it shuts down, so a death by a signal nobody here sent
// is checked over a few seconds before it is taken as the run's or the build's own (issue 13).
import type Docker from 'dockerode';
import { ReproError } from '../errors';

const ENGINE_PROBES = 6;
const ENGINE_PROBE_MS = 500;

/** True when the engine answers now and, after an unexplained signal death, keeps answering. */
export async function engineStillThere(docker: Docker, signalDeath: boolean): Promise<boolean> {
  if (!(await answers(docker))) return false;
  if (!signalDeath) return true;
  for (let probe = 0; probe < ENGINE_PROBES; probe += 1) {
    await new Promise((resolve) => setTimeout(resolve, ENGINE_PROBE_MS));
    if (!(await answers(docker))) return false;
  }
  return true;
}

function answers(docker: Docker): Promise<boolean> {
  return docker.ping().then(
    () => true,
    () => false,
  );
}

/** A build step's container killed by a signal (128 + the signal): what an engine going away gives. */
export function buildStepKilled(failure: string): boolean {
  return (
    /returned a non-zero code: (1(29|3\d|4\d)|15\d)\b/.test(failure) || /stream broke|EOF|socket hang up/i.test(failure)
  );
}

export function engineStopped(during: 'run' | 'build', cause: unknown): ReproError {
  return new ReproError({
    code: 'docker-unreachable',
    message:
      during === 'run'
        ? 'The Docker engine stopped answering during the run (it was stopped, restarted or crashed), so the run did not finish and says nothing about the results.'
        : 'The Docker engine stopped answering during the build (it was stopped, restarted or crashed), so the image was not built; this says nothing about the bundle.',
    fix: 'Start the Docker engine again, check that it answers (`docker info`), and replay again.',
    inputs: ['dockerHost'],
    ...(cause === undefined ? {} : { cause }),
  });
}
