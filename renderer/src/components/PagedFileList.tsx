// A bundle's file list, however long: pages of 200 files are asked of the engine as the list
// scrolls (`listBundleFiles`), and at most three pages are in the page at once. The pages
// scrolled past are replaced by a spacer of their measured height, so the scroll position never
// jumps and long names can still wrap (rows differ in height). The filter is applied by the
// engine, on the whole list.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { OperationResponse } from '../../../main/contract/operations';
import { escapeControls } from '../../../main/shared/format';
import { toFailure, type OperationFailure } from '../../../main/shared/operation-failure';
import { useApi } from '../api/api-context';
import { formatBytes, plural } from '../format';
import { ErrorMessage } from './ErrorMessage';

type FileRow = OperationResponse<'listBundleFiles'>['files'][number];

/** Files asked of the engine at once. */
export const FILE_PAGE = 200;
/** Pages rendered at once: the visible one and its neighbours. */
const WINDOW_PAGES = 3;
/** A row's height before any is measured. */
const ROW_ESTIMATE = 28;

interface Window {
  first: number;
  last: number;
}

export function PagedFileList({
  file,
  selected,
  onSelect,
}: {
  file: string;
  selected: string | null;
  onSelect: (path: string) => void;
}): ReactNode {
  const [typed, setTyped] = useState('');
  const [filter, setFilter] = useState('');
  const [counts, setCounts] = useState<Counts | null>(null);

  // Typing narrows the list once the user pauses, not on every key.
  useEffect(() => {
    const next = typed.trim();
    if (next === filter) return;
    const timer = setTimeout(() => {
      setFilter(next);
      setCounts(null);
    }, 200);
    return () => clearTimeout(timer);
  }, [typed, filter]);

  return (
    <div className="paged-files">
      <div className="field">
        <label htmlFor="files-filter">Find files (part of the path)</label>
        <input
          id="files-filter"
          className="input"
          value={typed}
          aria-describedby="files-shown"
          onChange={(event) => setTyped(event.target.value)}
        />
        <span className="muted" id="files-shown" data-testid="files-shown" aria-live="polite">
          {counts === null
            ? 'Reading the file list…'
            : filter === ''
              ? `${plural(counts.total, 'file')}.`
              : `${plural(counts.matching, 'file')} of ${counts.total.toLocaleString('en')} ${counts.matching === 1 ? 'matches' : 'match'}.`}
        </span>
      </div>
      {/* A new bundle or filter starts again from the top, with nothing kept. */}
      <FilePages
        key={`${file}\n${filter}`}
        file={file}
        filter={filter}
        selected={selected}
        onSelect={onSelect}
        onCounts={setCounts}
      />
    </div>
  );
}

interface Counts {
  total: number;
  matching: number;
}

function FilePages({
  file,
  filter,
  selected,
  onSelect,
  onCounts,
}: {
  file: string;
  filter: string;
  selected: string | null;
  onSelect: (path: string) => void;
  onCounts: (counts: Counts) => void;
}): ReactNode {
  const { api } = useApi();
  const [pages, setPages] = useState<ReadonlyMap<number, FileRow[]>>(new Map());
  const [matching, setMatching] = useState(0);
  const [shown, setShown] = useState<Window>({ first: 0, last: 0 });
  /** Measured heights of pages that have left the window. */
  const [heights, setHeights] = useState<ReadonlyMap<number, number>>(new Map());
  const [failure, setFailure] = useState<OperationFailure | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const topRef = useRef<HTMLDivElement>(null);
  const bottomRef = useRef<HTMLDivElement>(null);
  const pageRefs = useRef(new Map<number, HTMLDivElement>());
  const requested = useRef(new Set<number>());
  const loads = useRef<AbortController | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    loads.current = controller;
    requested.current = new Set();
    return () => controller.abort();
  }, []);

  // Ask for the pages in the window that are not here yet.
  useEffect(() => {
    const controller = loads.current;
    if (controller === null) return;
    for (let page = shown.first; page <= shown.last; page += 1) {
      if (requested.current.has(page)) continue;
      requested.current.add(page);
      api
        .listBundleFiles({ file, filter, offset: page * FILE_PAGE, limit: FILE_PAGE }, { signal: controller.signal })
        .then(
          (answer) => {
            if (controller.signal.aborted) return;
            onCounts({ total: answer.total, matching: answer.matching });
            setMatching(answer.matching);
            setPages((previous) => new Map(previous).set(page, answer.files));
          },
          (error: unknown) => {
            if (!controller.signal.aborted) setFailure(toFailure(error));
          },
        );
    }
  }, [api, file, filter, shown, onCounts]);

  // Move the window when the top or bottom edge comes near the view; a page that leaves it is
  // measured first, so the spacer that replaces it has its exact height.
  const lastPage = Math.max(0, Math.ceil(matching / FILE_PAGE) - 1);
  useEffect(() => {
    const root = listRef.current;
    if (root === null) return;
    const leave = (page: number): void => {
      const element = pageRefs.current.get(page);
      if (element !== undefined) setHeights((previous) => new Map(previous).set(page, element.offsetHeight));
    };
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          if (entry.target === bottomRef.current && shown.last < lastPage && pages.has(shown.last)) {
            const dropFirst = shown.last + 1 - shown.first >= WINDOW_PAGES;
            if (dropFirst) leave(shown.first);
            setShown({ first: dropFirst ? shown.first + 1 : shown.first, last: shown.last + 1 });
            return;
          }
          if (entry.target === topRef.current && shown.first > 0) {
            const dropLast = shown.last - (shown.first - 1) >= WINDOW_PAGES;
            if (dropLast) leave(shown.last);
            setShown({ first: shown.first - 1, last: dropLast ? shown.last - 1 : shown.last });
            return;
          }
        }
      },
      { root, rootMargin: '300px 0px' },
    );
    if (topRef.current !== null) observer.observe(topRef.current);
    if (bottomRef.current !== null) observer.observe(bottomRef.current);
    return () => observer.disconnect();
  }, [shown, pages, lastPage]);

  const rowHeight = averageRowHeight(heights);
  const spacer = (from: number, to: number): number => {
    let height = 0;
    for (let page = from; page <= to; page += 1) {
      const rows = Math.min(FILE_PAGE, Math.max(0, matching - page * FILE_PAGE));
      height += heights.get(page) ?? rows * rowHeight;
    }
    return height;
  };
  const rendered: number[] = [];
  for (let page = shown.first; page <= shown.last; page += 1) rendered.push(page);

  return (
    <>
      {failure !== null && <ErrorMessage error={failure} />}
      <div
        ref={listRef}
        className="file-list"
        role="list"
        aria-label="Files in the bundle"
        data-testid="bundle-files"
        data-rows={rendered.reduce((sum, page) => sum + (pages.get(page)?.length ?? 0), 0)}
      >
        <div ref={topRef} style={{ height: spacer(0, shown.first - 1) }} aria-hidden="true" />
        {rendered.map((page) => (
          <div
            key={page}
            ref={(element) => {
              if (element === null) pageRefs.current.delete(page);
              else pageRefs.current.set(page, element);
            }}
          >
            {(pages.get(page) ?? []).map((entry) => (
              <div key={entry.path} role="listitem" className="file-list__row">
                <button
                  type="button"
                  className="link-button"
                  aria-pressed={selected === entry.path}
                  onClick={() => onSelect(entry.path)}
                >
                  {escapeControls(entry.path)}
                </button>{' '}
                <span className="muted">
                  {formatBytes(entry.size)}
                  {entry.executable ? ' · executable' : ''}
                </span>
              </div>
            ))}
          </div>
        ))}
        <div ref={bottomRef} style={{ height: spacer(shown.last + 1, lastPage) }} aria-hidden="true" />
      </div>
    </>
  );
}

/** The height of a row, from the pages measured (all of them full pages). */
function averageRowHeight(heights: ReadonlyMap<number, number>): number {
  if (heights.size === 0) return ROW_ESTIMATE;
  let total = 0;
  for (const height of heights.values()) total += height;
  return total / (heights.size * FILE_PAGE);
}
