// summary.html escapes every string that came from a bundle or a run; summary.csv cannot be turned
// into a spreadsheet formula.
import { describe, expect, it } from 'vitest';
import { summaryHtml } from '../../../../main/core/evaluate/summary-files';
import type { EvaluationRow } from '../../../../main/shared/evaluation';

const hostile = '<img src=x onerror=alert(1)>"\'&';
const row: EvaluationRow = {
  file: `/bundles/${hostile}.rbundle`,
  bundleSha256: 'a'.repeat(64),
  project: hostile,
  signer: hostile,
  trust: 'unknown',
  verdict: 'MISMATCH',
  mismatching: [hostile],
  durationMs: 1234,
  firstError: `</td><script>alert(2)</script>`,
  report: { json: '/r.json', html: `/r"><script>alert(3)</script>.html` },
  reused: false,
};

describe('summary.html', () => {
  it('shows hostile strings escaped, never as markup or script', () => {
    const html = summaryHtml([row]);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;&#34;&#39;&#38;');
    // The one script is the table sorter, and the page allows no other source.
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toContain("default-src 'none'");
  });
});
