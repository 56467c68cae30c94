import { useState } from 'react';
import { useToast } from '../../ui/toast';

/** Copies `text` to the clipboard; says so in a toast, or asks to copy by hand where the browser refuses. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const toast = useToast();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn btn-small"
      aria-label={label}
      onClick={() => {
        const clipboard = navigator.clipboard as Clipboard | undefined;
        if (!clipboard) {
          toast('This browser does not allow copying here: select the text and copy it.', 'error');
          return;
        }
        clipboard.writeText(text).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          },
          () => toast('Could not copy: select the text and copy it.', 'error'),
        );
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

/** A block of text to paste somewhere else (a command, a configuration file), with its copy button. */
export function Snippet({ title, text }: { title: string; text: string }) {
  return (
    <figure className="svc-snippet">
      <figcaption className="row">
        <strong>{title}</strong> <CopyButton text={text} label={`Copy: ${title}`} />
      </figcaption>
      <pre tabIndex={0}>
        <code>{text}</code>
      </pre>
    </figure>
  );
}

/** An integration key: masked until revealed, copyable either way. */
export function SecretValue({ value, name }: { value: string; name: string }) {
  const [shown, setShown] = useState(false);
  return (
    <span className="svc-secret">
      <code>{shown ? value : `${value.slice(0, 4)}${'•'.repeat(12)}`}</code>
      {shown ? null : <span className="sr-only">(hidden)</span>}
      <button type="button" className="btn btn-small btn-ghost" aria-pressed={shown} aria-label={shown ? `Hide the ${name}` : `Show the ${name}`} onClick={() => setShown(!shown)}>
        {shown ? 'Hide' : 'Show'}
      </button>
      <CopyButton text={value} label={`Copy the ${name}`} />
    </span>
  );
}
