import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Dialog } from '../../ui/dialog';
import { FormError } from '../../ui/form';
import { useToast } from '../../ui/toast';

interface ConfirmButtonProps {
  /** The button's text, e.g. "Remove". */
  label: string;
  /** The button's accessible name when the text alone is ambiguous in a table, e.g. "Remove Ada". */
  name?: string;
  title: string;
  message: string;
  confirmLabel: string;
  /** The action; its failure (e.g. the server's 409 message) is shown in the dialog, which stays open. */
  onConfirm: () => Promise<unknown>;
  /** The toast after success. */
  done: string;
  className?: string;
}

/** A destructive action behind a confirmation dialog. */
export function ConfirmButton({ label, name, title, message, confirmLabel, onConfirm, done, className = 'btn btn-small btn-danger' }: ConfirmButtonProps) {
  const [open, setOpen] = useState(false);
  const toast = useToast();
  const action = useMutation({
    mutationFn: onConfirm,
    onSuccess: () => {
      setOpen(false);
      toast(done);
    },
  });
  return (
    <>
      <button
        type="button"
        className={className}
        aria-label={name}
        onClick={() => {
          action.reset();
          setOpen(true);
        }}
      >
        {label}
      </button>
      <Dialog open={open} onOpenChange={setOpen} title={title} description={message}>
        <FormError error={action.error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => setOpen(false)}>
            Cancel
          </button>
          <button type="button" className="btn btn-danger" disabled={action.isPending} onClick={() => action.mutate()}>
            {action.isPending ? 'Working…' : confirmLabel}
          </button>
        </div>
      </Dialog>
    </>
  );
}
