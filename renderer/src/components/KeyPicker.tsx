// Choosing one of the user's signing keys (and its passphrase when it has one), wherever
// something is signed: a bundle, a camera-ready copy, a replay attestation.
import { useCallback, useId, type ReactNode } from 'react';
import type { KeyInfo } from '../../../main/shared/views';
import { useApi } from '../api/api-context';
import { useOperation, type OperationState } from '../hooks/use-operation';

export interface SigningKeys {
  state: OperationState<{ keys: KeyInfo[] }>;
  keys: KeyInfo[];
  /** The key with this id, else the first one (the default key is listed first). */
  pick: (id: string) => KeyInfo | undefined;
  rerun: () => void;
}

export function useSigningKeys(): SigningKeys {
  const { api } = useApi();
  const load = useCallback((signal: AbortSignal) => api.listKeys({}, { signal }), [api]);
  const { state, rerun } = useOperation(load);
  const keys = state.status === 'done' ? state.value.keys : [];
  return { state, keys, pick: (id) => keys.find((key) => key.id === id) ?? keys[0], rerun };
}

export function KeyPicker(props: {
  label: string;
  keys: readonly KeyInfo[];
  selected: KeyInfo;
  onSelect: (id: string) => void;
  passphrase: string;
  onPassphrase: (value: string) => void;
}): ReactNode {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={`${id}-key`}>{props.label}</label>
      <select
        id={`${id}-key`}
        className="input"
        value={props.selected.id}
        onChange={(event) => props.onSelect(event.target.value)}
      >
        {props.keys.map((candidate) => (
          <option key={candidate.id} value={candidate.id}>
            {candidate.name} ({candidate.id})
          </option>
        ))}
      </select>
      {props.selected.encrypted && (
        <>
          <label htmlFor={`${id}-passphrase`}>Passphrase of this key</label>
          <input
            id={`${id}-passphrase`}
            className="input"
            type="password"
            autoComplete="current-password"
            value={props.passphrase}
            onChange={(event) => props.onPassphrase(event.target.value)}
          />
        </>
      )}
    </div>
  );
}
