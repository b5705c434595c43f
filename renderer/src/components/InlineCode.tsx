// Renders a message from the engine, whose commands and paths are written in `backticks` (the
// CLI prints them as is), with those spans as inline code.
import type { ReactNode } from 'react';
import { escapeControls } from '../../../main/shared/format';

export function InlineCode({ text }: { text: string }): ReactNode {
  // Splitting on a capturing group puts the code spans at the odd indexes.
  // Messages quote bundle contents: their control characters are shown, never acted on.
  return escapeControls(text)
    .split(/`([^`]+)`/)
    .map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part));
}
