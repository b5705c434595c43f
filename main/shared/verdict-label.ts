// The verdict as every front shows it (zod-free, so the renderer may import it): a replay of the
// author's frozen image says so, since it certifies the author's image, not one built here.
import type { ReplayReport } from './replay-report';

export function verdictLabel(report: Pick<ReplayReport, 'verdict' | 'image'>): string {
  return report.image?.source === 'frozen' ? `${report.verdict} (author's frozen image)` : report.verdict;
}
