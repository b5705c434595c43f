// The checklist as the GUI shows it: the status in words on one line, and evidence quoted from
// README and code with its Markdown code spans shown as code, never as raw backticks (issue 17).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ChecklistView } from '../../../renderer/src/components/ChecklistView';

describe('ChecklistView', () => {
  it('shows code spans as code, keeps other text as text, and says the status in a word', () => {
    const html = renderToStaticMarkup(
      createElement(ChecklistView, {
        items: [
          {
            id: 'experiments-seeds',
            section: 'Experiments',
            title: 'Random seeds',
            status: 'amber',
            evidence: ['seeds: README.md:12 Run `python train.py --seed 42` for <b>all</b> runs'],
          },
        ],
      }),
    );
    expect(html).toContain('<code>python train.py --seed 42</code>');
    expect(html).not.toContain('`');
    expect(html).toContain('&lt;b&gt;all&lt;/b&gt;'); // text stays text
    expect(html).toContain('badge--nowrap');
    expect(html).toMatch(/>partly</);
    expect(html).not.toContain('amber: partly');
  });
});
