import { useEffect, useRef } from 'react';

export interface ListKeyboardHandlers {
  /** False when there is nothing to move through (the key then keeps its usual effect). */
  move: (delta: 1 | -1) => boolean;
  open: () => void;
  toggle: () => void;
  close: () => boolean;
  search: () => void;
  help: () => void;
}

function isTyping(target: HTMLElement): boolean {
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type);
}

/**
 * The list's keyboard shortcuts, on the document: j/k and the arrows move the row focus, Enter or o opens the
 * focused finding, x selects it, Escape closes the panel, / goes to the search, ? shows the help. Keys typed into a
 * field, inside a dialog, or with Ctrl/Meta/Alt are left alone.
 */
export function useListKeyboard(handlers: ListKeyboardHandlers): void {
  const current = useRef(handlers);
  current.current = handlers;

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target instanceof HTMLElement ? e.target : document.body;
      if (target.closest('[role="dialog"]') || isTyping(target)) return;
      const h = current.current;
      const onRow = target.tagName === 'TR';
      const inTable = onRow || target.closest('table') !== null || target === document.body || target.id === 'main';
      switch (e.key) {
        case 'j':
        case 'k':
          if (!h.move(e.key === 'j' ? 1 : -1)) return;
          break;
        case 'ArrowDown':
        case 'ArrowUp':
          if (!inTable || !h.move(e.key === 'ArrowDown' ? 1 : -1)) return;
          break;
        case 'Enter':
          if (!onRow) return;
          h.open();
          break;
        case 'o':
          h.open();
          break;
        case 'x':
          h.toggle();
          break;
        case 'Escape':
          if (!h.close()) return;
          break;
        case '/':
          h.search();
          break;
        case '?':
          h.help();
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
