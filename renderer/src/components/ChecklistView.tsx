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
                    <span className={`badge ${LABEL[item.status].badge}`}>
                      {item.status}: {LABEL[item.status].text}
                    </span>
                  </td>
                  <td>
                    {item.evidence.map((line) => (
                      <div key={line}>{line}</div>
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
