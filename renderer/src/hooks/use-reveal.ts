// Brings a panel that just appeared into view (and, for a result, gives it the focus), so a
// replay's progress and verdict are seen on a laptop screen without scrolling, and a screen
// reader reads the verdict when it arrives.
import { useEffect, useRef, type RefObject } from 'react';

export function useReveal<T extends HTMLElement>(options: { focus?: boolean } = {}): RefObject<T | null> {
  const ref = useRef<T | null>(null);
  const focus = options.focus === true;
  useEffect(() => {
    const element = ref.current;
    if (element === null) return;
    // jsdom and old engines have no scrollIntoView; nothing to reveal there.
    element.scrollIntoView?.({ block: 'start', behavior: 'auto' });
    if (focus) element.focus({ preventScroll: true });
  }, [focus]);
  return ref;
}
