// Choosing one of the user's signing keys (and its passphrase when it has one), wherever
// something is signed: a bundle, a camera-ready copy, a replay attestation.
import { useCallback, useId, type ReactNode } from 'react';
import type { KeyInfo } from '../../../main/shared/views';
import { useApi } from '../api/api-context';
import { useOperation, type OperationState } from '../hooks/use-operation';
import { Checkbox } from './Checkbox';

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

/**
 * What a signing request carries for this key: its passphrase (and whether the engine should
 * remember it until it stops) when it is encrypted and not already unlocked.
 */
export function passphraseFields(
  key: KeyInfo,
  passphrase: string,
  remember: boolean,
): { passphrase?: string; rememberPassphrase?: boolean } {
  return key.encrypted && key.unlocked !== true ? { passphrase, rememberPassphrase: remember } : {};
}

/** Whether signing with this key still needs its passphrase typed. */
export function needsPassphrase(key: KeyInfo, passphrase: string): boolean {
  return key.encrypted && key.unlocked !== true && passphrase === '';
}

export function KeyPicker(props: {
  label: string;
  keys: readonly KeyInfo[];
  selected: KeyInfo;
  onSelect: (id: string) => void;
  passphrase: string;
  onPassphrase: (value: string) => void;
  /** Keep the key unlocked in the engine until it stops. */
  remember: boolean;
  onRemember: (value: boolean) => void;
  /** The keys were changed here (a passphrase forgotten): list them again. */
  onKeysChanged: () => void;
}): ReactNode {
  const id = useId();
  const { api } = useApi();
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
      {props.selected.encrypted && props.selected.unlocked === true && (
        <p className="muted" data-testid="key-unlocked">
          Unlocked until ReproBundle stops: no passphrase needed.{' '}
          <button
            type="button"
            className="button button--quiet"
            onClick={() => void api.forgetPassphrases({}).then(props.onKeysChanged, props.onKeysChanged)}
          >
            Forget the passphrase now
          </button>
        </p>
      )}
      {props.selected.encrypted && props.selected.unlocked !== true && (
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
          <Checkbox id={`${id}-remember`} checked={props.remember} onChange={props.onRemember}>
            Remember the passphrase until ReproBundle stops (kept by the engine process only, never saved)
          </Checkbox>
        </>
      )}
    </div>
  );
}
