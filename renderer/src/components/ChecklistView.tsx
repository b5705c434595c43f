// The reproducibility checklist: each item green, amber or red (said in words, not only in
// colour) with the evidence the bundle gave, grouped by section.
import type { ReactNode } from 'react';
import type { OperationResponse } from '../../../main/contract/operations';

type Item = OperationResponse<'assessBundle'>['items'][number];

const LABEL: Record<Item['status'], { text: string; badge: string }> = {
  green: { text: 'shown', badge: 'badge--good' },
  amber: { text: 'partly', badge: 'badge--warning' },
  red: { text: 'missing', badge: 'badge--error' },
};

export function ChecklistView({ items }: { items: readonly Item[] }): ReactNode {
  const sections = [...new Set(items.map((item) => item.section))];
  return (
    <div className="checklist" data-testid="checklist">
      <p>
        {(['green', 'amber', 'red'] as const)
          .map((status) => `${items.filter((item) => item.status === status).length} ${LABEL[status].text}`)
          .join(' · ')}
      </p>
      {sections.map((section) => (
        <table className="table" key={section}>
          <caption>{section}</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Status</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {items
              .filter((item) => item.section === section)
              .map((item) => (
                <tr key={item.id} data-item={item.id} data-status={item.status}>
                  <td>{item.title}</td>
                  <td>
                    {/* The word says the status; the colour only repeats it. */}
                    <span className={`badge badge--nowrap ${LABEL[item.status].badge}`}>{LABEL[item.status].text}</span>
                  </td>
                  <td>
                    {item.evidence.map((line) => (
                      <div key={line}>{withCodeSpans(line)}</div>
                    ))}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}

/**
 * Evidence quotes README and code lines: Markdown code spans (`like this`) are shown as code, not
 * as backticks; everything else stays text (React escapes it).
 */
export function withCodeSpans(line: string): ReactNode[] {
  return line
    .split(/(`[^`]+`)/)
    .map((part, index) =>
      part.length > 2 && part.startsWith('`') && part.endsWith('`') ? (
        <code key={index}>{part.slice(1, -1)}</code>
      ) : (
        part
      ),
    );
}
