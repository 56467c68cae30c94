import { useEffect, useRef } from 'react';

export interface ListShortcuts {
  next(): void;
  previous(): void;
  toggle(): void;
  acknowledge(): void;
  resolve(): void;
  open(): void;
  search(): void;
  help(): void;
  clear(): void;
}

/** The list's shortcuts, shown in its help dialog. */
export const shortcutHelp: Array<[string, string]> = [
  ['j / k', 'Next / previous incident'],
  ['x', 'Select or unselect the focused incident'],
  ['a', 'Acknowledge the selected incidents, or the focused one'],
  ['r', 'Resolve the selected incidents, or the focused one'],
  ['Enter', 'Open the focused incident'],
  ['/', 'Go to the filters'],
  ['Esc', 'Clear the selection'],
  ['?', 'Show these shortcuts'],
];

const NOT_TYPING = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

/** Whether the key was pressed while typing somewhere (or inside a dialog), where a letter is not a command. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest('[role="dialog"], [role="menu"], [role="listbox"]')) return true;
  if (target instanceof HTMLInputElement) return !NOT_TYPING.has(target.type);
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/** Single-key shortcuts on the page; never while typing, never with Ctrl/Cmd/Alt (the browser's own). */
export function useListShortcuts(shortcuts: ListShortcuts): void {
  const latest = useRef(shortcuts);
  latest.current = shortcuts;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      const s = latest.current;
      const actions: Record<string, () => void> = { j: s.next, k: s.previous, x: s.toggle, a: s.acknowledge, r: s.resolve, '/': s.search, '?': s.help, Escape: s.clear };
      // Enter keeps its meaning on links and buttons; on a row (or nothing) it opens the focused incident.
      if (event.key === 'Enter' && (event.target === document.body || (event.target instanceof HTMLElement && event.target.dataset['incidentRow'] !== undefined))) actions['Enter'] = s.open;
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
