import { useState } from 'react';
import { Field } from '../../ui/form';

/** A value to hand over (a token, a link, a secret): read-only, selected on focus, with a copy button. */
export function CopyField({ label, value, hint }: { label: string; value: string; hint?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // No clipboard (an insecure origin, or permission refused): the field is selectable by hand.
    }
  };
  return (
    <Field label={label} hint={hint}>
      {(props) => (
        <div className="copy-field">
          <input {...props} readOnly value={value} className="copy-value" onFocus={(event) => event.target.select()} />
          <button type="button" className="btn" onClick={() => void copy()} aria-live="polite">
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      )}
    </Field>
  );
}
