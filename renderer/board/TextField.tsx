import { useId, useState } from 'react';

interface Props {
  label: string;
  value: string;
  onCommit: (value: string) => boolean;
  multiline?: boolean;
  disabled?: boolean;
  maxLength?: number;
  list?: string;
  hint?: string;
  /** In a table cell: the input alone, named by `label` for assistive technology. */
  compact?: boolean;
}

/**
 * A field that edits one fact's value: what I type stays mine until I leave the field or press
 * Enter (one edit, one envelope), while a colleague's change shows whenever I am not typing.
 * Escape gives the current value back.
 */
export function TextField({ label, value, onCommit, multiline, disabled, maxLength, list, hint, compact }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const hintId = useId();
  const labelId = useId();
  const commit = () => {
    if (draft !== null && draft !== value && !onCommit(draft)) return;
    setDraft(null);
  };
  const common = {
    value: draft ?? value,
    disabled,
    maxLength,
    'aria-describedby': hint ? hintId : undefined,
    onChange: (e: { target: { value: string } }) => setDraft(e.target.value),
    onBlur: commit,
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === 'Escape' && draft !== null) {
        e.stopPropagation();
        setDraft(null);
      } else if (e.key === 'Enter' && !multiline) {
        e.preventDefault();
        commit();
      }
    },
  };
  if (compact) return <input {...common} aria-label={label} className="cell-input" />;
  // The hint describes the field; it is not part of its name ("Aliases", not "Aliases Separated by commas").
  const named = { ...common, 'aria-labelledby': hint ? labelId : undefined };
  return (
    <label className="field">
      <span id={labelId}>{label}</span>
      {multiline ? <textarea rows={3} {...named} /> : <input {...named} list={list} />}
      {hint && (
        <small id={hintId} className="note">
          {hint}
        </small>
      )}
    </label>
  );
}

export const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
