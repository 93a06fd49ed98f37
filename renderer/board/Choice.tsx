interface Props {
  label: string;
  options: readonly string[];
  /** Controlled: the value shown, and what to do with the chosen one. */
  value?: string;
  onChange?: (value: string) => void;
  /** Or a form field: its name and first value. */
  name?: string;
  defaultValue?: string;
  disabled?: boolean;
  /** A first option with the empty value ("All lanes"…), for filters. */
  none?: string;
  className?: string;
}

/** A labelled choice among a closed list — lanes, threat levels, kinds, roles. */
export function Choice({ label, options, value, onChange, name, defaultValue, disabled, none, className }: Props) {
  return (
    <label className={className}>
      {label}
      <select
        name={name}
        value={value}
        defaultValue={defaultValue}
        disabled={disabled}
        onChange={onChange && ((e) => onChange(e.target.value))}
      >
        {none !== undefined && <option value="">{none}</option>}
        {options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </label>
  );
}
