// The reproducibility checklist of a bundle as it is (the Open screen and the wizard show it
// before anything is exported): unpack, gather the evidence, assess, clean up.
import { assessChecklist, checklistMarkdown } from './checklist';
import { type ChecklistItem } from '../../shared/submission';
import { gatherEvidence } from './evidence';
import { readProjectFacts } from './project-facts';
import { withUnpackedBundle } from '../open/unpacked-bundle';

export interface BundleAssessment {
  title: string;
  items: ChecklistItem[];
  markdown: string;
}

export async function assessBundle(file: string, workDir: string, signal?: AbortSignal): Promise<BundleAssessment> {
  return withUnpackedBundle(file, workDir, signal, async ({ dir, manifest }) => {
    const facts = await readProjectFacts(dir, manifest);
    const items = assessChecklist(manifest, facts, await gatherEvidence(dir, manifest));
    return { title: facts.title, items, markdown: checklistMarkdown(facts.title, items) };
  });
}
