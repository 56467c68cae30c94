import { useCallback, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useLiveEvents } from '../../live/live-stream';

const SOUND_KEY = 'vigil.incidents.sound';
const DESKTOP_KEY = 'vigil.incidents.desktop';

function stored(key: string): boolean {
  try {
    return localStorage.getItem(key) === 'on';
  } catch {
    return false;
  }
}

function store(key: string, on: boolean): void {
  try {
    localStorage.setItem(key, on ? 'on' : 'off');
  } catch {
    // Private mode without storage: the choice lasts until the page closes.
  }
}

/** Two short tones from an oscillator: no audio file to fetch, nothing for the CSP to allow. */
function beep(context: AudioContext): void {
  const start = context.currentTime;
  for (const [offset, frequency] of [[0, 880], [0.18, 660]] as const) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.15);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 0.16);
  }
}

const notificationsSupported = () => typeof window !== 'undefined' && 'Notification' in window;

/**
 * Opt-in sound and desktop notifications for incidents triggered while the list is open. Both are off until
 * the person ticks them (the choice is kept in this browser); the desktop permission is asked only then.
 */
export function useNewIncidentAlerts() {
  const navigate = useNavigate();
  const [sound, setSoundState] = useState(() => stored(SOUND_KEY));
  const [desktop, setDesktopState] = useState(() => stored(DESKTOP_KEY) && notificationsSupported() && Notification.permission === 'granted');
  const [problem, setProblem] = useState<string | null>(null);
  const audio = useRef<AudioContext | null>(null);

  const setSound = useCallback((on: boolean) => {
    // Browsers start audio only from a gesture: the tick that turns sound on is one.
    if (on) {
      audio.current ??= new AudioContext();
      void audio.current.resume();
    }
    store(SOUND_KEY, on);
    setSoundState(on);
  }, []);

  const setDesktop = useCallback(async (on: boolean) => {
    setProblem(null);
    if (on) {
      if (!notificationsSupported()) return setProblem('This browser does not support desktop notifications.');
      const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
      if (permission !== 'granted') return setProblem('Desktop notifications are blocked for this site; allow them in the browser’s site settings.');
    }
    store(DESKTOP_KEY, on);
    setDesktopState(on);
  }, []);

  useLiveEvents((event) => {
    if (event.type !== 'incident.triggered' || (!sound && !desktop)) return;
    const incident = event.data['incident'] as { id?: string; number?: number; title?: string } | undefined;
    if (sound) {
      // A context made before this page load (the stored choice) starts once the page has had a gesture.
      audio.current ??= new AudioContext();
      if (audio.current.state === 'running') beep(audio.current);
      else void audio.current.resume().then(() => audio.current && beep(audio.current));
    }
    if (desktop && incident?.id && notificationsSupported() && Notification.permission === 'granted') {
      const shown = new Notification(`Incident #${incident.number ?? ''} triggered`, { body: incident.title ?? '', tag: incident.id });
      const id = incident.id;
      shown.onclick = () => {
        window.focus();
        navigate(`/incidents/${id}`);
        shown.close();
      };
    }
  });

  return { sound, setSound, desktop, setDesktop, problem };
}
