import { CopyField } from './CopyField';

/** A secret the server shows this once: the value with a copy button and a warning. */
export function OnceSecret({ label, value, what }: { label: string; value: string; what: string }) {
  return (
    <div className="stack">
      <div className="notice once-warning" role="status">
        <strong>Copy it now:</strong> {what} is shown only this once; Vigil cannot show it again.
      </div>
      <CopyField label={label} value={value} />
    </div>
  );
}
