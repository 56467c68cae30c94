import { Dialog } from '../../ui/dialog';
import { FormError } from '../../ui/form';

/** Asks before something that cannot be undone; shows the server's refusal (a 409 says why) in place. */
export function ConfirmDialog({ title, description, confirm, pending, error, onConfirm, onClose }: { title: string; description: string; confirm: string; pending: boolean; error: unknown; onConfirm: () => void; onClose: () => void }) {
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={title} description={description}>
      <FormError error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn btn-danger" disabled={pending} onClick={onConfirm}>
          {pending ? 'Working…' : confirm}
        </button>
      </div>
    </Dialog>
  );
}
