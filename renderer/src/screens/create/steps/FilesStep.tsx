// Step 2: the files to bundle as a tree with sizes, each file or folder can be left out; every
// path left out by the scan with its reason; and the secrets, each with the rule that caught it
// and the two ways to resolve it (leave the file out, or keep it knowingly).
import { useMemo, useState, type ReactNode } from 'react';
import type { ScanSummary } from '../../../../../main/shared/views';
import { formatBytes, plural } from '../../../format';
import { isExcluded, unresolvedSecrets, type WizardState, type StepProps } from '../wizard-state';

interface TreeNode {
  name: string;
  path: string;
  size: number;
  files: number;
  children: Map<string, TreeNode> | null;
  /** The children in display order, sorted once when first shown. */
  sorted?: TreeNode[];
}

/**
 * A folder shows this many of its entries at first, and this many more at each ask: a dataset
 * folder of 100,000 images drawn whole froze the page (one row and checkbox per file).
 */
const TREE_PAGE = 500;

function buildTree(files: ScanSummary['files']): TreeNode {
  const root: TreeNode = { name: '', path: '', size: 0, files: 0, children: new Map() };
  for (const file of files) {
    const parts = file.path.split('/');
    let node = root;
    node.size += file.size;
    node.files += 1;
    parts.forEach((part, index) => {
      const children = node.children as Map<string, TreeNode>;
      const leaf = index === parts.length - 1;
      let child = children.get(part);
      if (child === undefined) {
        child = {
          name: part,
          path: parts.slice(0, index + 1).join('/'),
          size: 0,
          files: 0,
          children: leaf ? null : new Map(),
        };
        children.set(part, child);
      }
      child.size += file.size;
      child.files += 1;
      node = child;
    });
  }
  return root;
}

const collator = new Intl.Collator();

/** Folders first, then files, each by name as the user's language sorts them; kept on the node. */
function sortedChildren(node: TreeNode): TreeNode[] {
  node.sorted ??= [...(node.children?.values() ?? [])].sort((a, b) =>
    (a.children === null) === (b.children === null) ? collator.compare(a.name, b.name) : a.children === null ? 1 : -1,
  );
  return node.sorted;
}

/** A folder's entries, TREE_PAGE more at each ask. */
function TreeChildren({
  node,
  depth,
  state,
  toggle,
  label,
}: {
  node: TreeNode;
  depth: number;
  state: WizardState;
  toggle: (path: string) => void;
  label?: string;
}): ReactNode {
  const [shown, setShown] = useState(TREE_PAGE);
  const children = sortedChildren(node);
  const rest = children.length - shown;
  return (
    <ul className="tree" aria-label={label}>
      {children.slice(0, shown).map((child) => (
        <TreeItem key={child.path} node={child} depth={depth} state={state} toggle={toggle} />
      ))}
      {rest > 0 && (
        <li className="tree__item">
          <button
            type="button"
            className="button button--quiet button--small"
            data-testid={`show-more:${node.path}`}
            onClick={() => setShown(shown + TREE_PAGE)}
          >
            Show {Math.min(rest, TREE_PAGE).toLocaleString()} more of the {rest.toLocaleString()} not shown
            {node.path === '' ? '' : ` in ${node.path}/`}
          </button>
        </li>
      )}
    </ul>
  );
}

export function FilesStep({ state, update }: StepProps): ReactNode {
  const scan = state.scan as ScanSummary;
  const tree = useMemo(() => buildTree(scan.files), [scan.files]);
  const toggle = (path: string): void => {
    const direct = state.excluded.includes(path);
    update({ excluded: direct ? state.excluded.filter((entry) => entry !== path) : [...state.excluded, path] });
  };
  const included = scan.files.filter((file) => !isExcluded(state, file.path));

  return (
    <>
      <SecretsPanel state={state} update={update} />
      <h3 className="subheading">Files to bundle</h3>
      <p data-testid="files-included">
        {plural(included.length, 'file')}, {formatBytes(included.reduce((sum, file) => sum + file.size, 0))} will be
        bundled. Untick a file or folder to leave it out.
      </p>
      <TreeChildren node={tree} depth={0} state={state} toggle={toggle} label="Project files" />
      <details className="exclusions">
        <summary>{plural(scan.excluded.length, 'path')} left out by the scan, and why</summary>
        <table className="table" data-testid="exclusions">
          <caption className="visually-hidden">Paths left out by the scan</caption>
          <thead>
            <tr>
              <th scope="col">Path</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {scan.excluded.map((exclusion) => (
              <tr key={exclusion.path}>
                <td>
                  <code>{exclusion.path}</code>
                </td>
                <td>{exclusion.reason}</td>
              </tr>
            ))}
            {scan.links.map((link) => (
              <tr key={`link:${link.path}`}>
                <td>
                  <code>{link.path}</code> → <code>{link.target}</code>
                </td>
                <td>{link.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

function TreeItem({
  node,
  depth,
  state,
  toggle,
}: {
  node: TreeNode;
  depth: number;
  state: WizardState;
  toggle: (path: string) => void;
}): ReactNode {
  const [open, setOpen] = useState(depth === 0 && node.files <= 50);
  const excludedByParent = !state.excluded.includes(node.path) && isExcluded(state, node.path);
  const included = !isExcluded(state, node.path);
  const folder = node.children !== null;
  return (
    <li className="tree__item">
      <div className="tree__row">
        {folder ? (
          <button
            type="button"
            className="tree__toggle"
            aria-expanded={open}
            aria-label={`${open ? 'Collapse' : 'Expand'} ${node.path}`}
            onClick={() => setOpen(!open)}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="tree__toggle" aria-hidden="true" />
        )}
        <label className={included ? '' : 'tree__excluded'}>
          <input
            type="checkbox"
            checked={included}
            disabled={excludedByParent}
            onChange={() => toggle(node.path)}
            data-testid={`include:${node.path}`}
          />{' '}
          {folder ? `${node.name}/` : node.name}
        </label>
        <span className="muted tree__size">
          {formatBytes(node.size)}
          {folder && ` · ${plural(node.files, 'file')}`}
        </span>
      </div>
      {folder && open && <TreeChildren node={node} depth={depth + 1} state={state} toggle={toggle} />}
    </li>
  );
}

function SecretsPanel({ state, update }: Pick<StepProps, 'state' | 'update'>): ReactNode {
  const scan = state.scan as ScanSummary;
  const unresolved = new Set(unresolvedSecrets(state).map((secret) => secret.path));
  // One entry per file, with every rule that caught it: the resolution is per file.
  const byFile = new Map<string, ScanSummary['secrets']>();
  for (const secret of scan.secrets) byFile.set(secret.path, [...(byFile.get(secret.path) ?? []), secret]);
  if (scan.secrets.length === 0) {
    return (
      <p className="status" data-testid="secrets-none">
        <span className="status__dot status__dot--good" aria-hidden="true" /> No secrets found by name or content.
      </p>
    );
  }
  return (
    <div className={`secrets ${unresolved.size > 0 ? 'secrets--open' : ''}`} data-testid="secrets">
      <h3 className="subheading">
        Secrets ({unresolved.size === 0 ? 'all resolved' : `${unresolved.size} file(s) to resolve`})
      </h3>
      <ul className="plain-list">
        {[...byFile].map(([file, findings]) => {
          const excluded = isExcluded(state, file);
          const kept = state.allowSecrets.includes(file);
          const blocks = findings.some((finding) => finding.severity === 'block');
          return (
            <li
              key={file}
              className="secret"
              data-testid={`secret:${file}`}
              data-resolved={excluded || kept || !blocks}
            >
              <ul className="plain-list">
                {findings.map((finding) => (
                  <li key={`${finding.line ?? ''}:${finding.rule}`}>
                    <span className={`badge ${finding.severity === 'block' ? 'badge--error' : 'badge--warning'}`}>
                      {finding.severity === 'block' ? 'secret' : 'possible secret'}
                    </span>{' '}
                    <code>{`${file}${finding.line === null ? '' : `:${finding.line}`}`}</code>: {finding.description}{' '}
                    <span className="muted">(rule {finding.rule})</span>
                  </li>
                ))}
              </ul>
              <div className="button-row">
                {excluded && <span className="badge badge--good">left out</span>}
                {kept && <span className="badge badge--warning">kept knowingly (recorded in the manifest)</span>}
                {!excluded && (
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() =>
                      update({
                        excluded: [...state.excluded, file],
                        allowSecrets: state.allowSecrets.filter((path) => path !== file),
                      })
                    }
                  >
                    Leave {file} out
                  </button>
                )}
                {!kept && !excluded && blocks && (
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    onClick={() => update({ allowSecrets: [...state.allowSecrets, file] })}
                  >
                    Not a secret: keep {file}
                  </button>
                )}
                {(excluded || kept) && (
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    onClick={() =>
                      update({
                        excluded: state.excluded.filter((path) => path !== file),
                        allowSecrets: state.allowSecrets.filter((path) => path !== file),
                      })
                    }
                  >
                    Undo for {file}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
