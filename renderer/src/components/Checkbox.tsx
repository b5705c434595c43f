// A labelled checkbox, the same on every screen: the label is clickable and names the box for
// screen readers.
import type { ReactNode } from 'react';

export function Checkbox(props: {
  id: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
}): ReactNode {
  return (
    <div className="checkbox">
      <input
        type="checkbox"
        id={props.id}
        checked={props.checked}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      <label htmlFor={props.id}>{props.children}</label>
    </div>
  );
}
