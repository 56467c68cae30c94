import { Toast } from 'radix-ui';
import { createContext, type ReactNode, useCallback, useContext, useState } from 'react';

interface Note {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

const ToastContext = createContext<(text: string, tone?: Note['tone']) => void>(() => undefined);

/** Short confirmations ("Incident acknowledged") announced to screen readers and gone after a few seconds. */
export function Toaster({ children }: { children: ReactNode }) {
  const [notes, setNotes] = useState<Note[]>([]);
  const notify = useCallback((text: string, tone: Note['tone'] = 'info') => setNotes((all) => [...all, { id: Date.now() + Math.random(), text, tone }]), []);
  return (
    <ToastContext.Provider value={notify}>
      <Toast.Provider duration={4000}>
        {children}
        {notes.map((note) => (
          <Toast.Root key={note.id} className={`toast toast-${note.tone}`} onOpenChange={(open) => !open && setNotes((all) => all.filter((n) => n.id !== note.id))}>
            <Toast.Description>{note.text}</Toast.Description>
          </Toast.Root>
        ))}
        <Toast.Viewport className="toast-viewport" />
      </Toast.Provider>
    </ToastContext.Provider>
  );
}

export function useToast() {
  return useContext(ToastContext);
}
