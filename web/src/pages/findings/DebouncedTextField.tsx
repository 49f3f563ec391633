import { forwardRef, useEffect, useRef, useState, type InputHTMLAttributes } from 'react';
import { TextField } from '../../components/TextField';

type NativeProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'>;

interface Props extends NativeProps {
  label: string;
  value: string;
  /** Called once typing pauses, on Enter and on blur, with the trimmed text. */
  onCommit: (value: string) => void;
  delayMs?: number;
}

/** A text filter that follows the URL but only writes to it when typing pauses (one request, not one per key). */
export const DebouncedTextField = forwardRef<HTMLInputElement, Props>(function DebouncedTextField(
  { label, value, onCommit, delayMs = 400, onKeyDown, onBlur, ...rest },
  ref,
) {
  const [draft, setDraft] = useState(value);
  const [shown, setShown] = useState(value);
  const commit = useRef(onCommit);
  commit.current = onCommit;

  // The URL changed elsewhere (a saved view, Clear filters, Back): show its value.
  if (value !== shown) {
    setShown(value);
    setDraft(value);
  }

  useEffect(() => {
    if (draft.trim() === value) return undefined;
    const timer = setTimeout(() => commit.current(draft.trim()), delayMs);
    return () => clearTimeout(timer);
  }, [draft, value, delayMs]);

  return (
    <TextField
      {...rest}
      ref={ref}
      label={label}
      value={draft}
      onChange={setDraft}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && draft.trim() !== value) commit.current(draft.trim());
        onKeyDown?.(e);
      }}
      onBlur={(e) => {
        if (draft.trim() !== value) commit.current(draft.trim());
        onBlur?.(e);
      }}
    />
  );
});
