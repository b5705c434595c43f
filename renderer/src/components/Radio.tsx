// A labelled radio button, the same on every screen (like Checkbox.tsx): the label is clickable
// and names the button for screen readers; buttons of one choice share `name`.
import type { ReactNode } from 'react';

export function Radio(props: {
  id: string;
  name: string;
  checked: boolean;
  onSelect: () => void;
  children: ReactNode;
}): ReactNode {
  return (
    <div className="radio">
      <input type="radio" id={props.id} name={props.name} checked={props.checked} onChange={props.onSelect} />
      <label htmlFor={props.id}>{props.children}</label>
    </div>
  );
}
