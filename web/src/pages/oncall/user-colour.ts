import type { CSSProperties } from 'react';

/** Twelve hues 30° apart: at the lightness oncall.css gives them, neighbours still tell apart. */
const SLOTS = 12;

function hash(id: string): number {
  let value = 0x811c9dc5; // FNV-1a
  for (let index = 0; index < id.length; index += 1) {
    value ^= id.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

/** A user's own hue (0–330), the same on every page. */
export function userHue(id: string): number {
  return (hash(id) % SLOTS) * (360 / SLOTS);
}

/**
 * Hues for the people shown together (a timeline): each keeps their own unless someone already holds it, then
 * takes the next free one, so up to twelve people never share a colour. Decided in id order, so stable.
 */
export function distinctHues(ids: Iterable<string>): Map<string, number> {
  const taken = new Set<number>();
  const hues = new Map<string, number>();
  for (const id of [...new Set(ids)].sort()) {
    let slot = hash(id) % SLOTS;
    for (let tries = 0; tries < SLOTS && taken.has(slot); tries += 1) slot = (slot + 1) % SLOTS;
    taken.add(slot);
    hues.set(id, slot * (360 / SLOTS));
  }
  return hues;
}

/** The style that colours a bar or dot; oncall.css picks a lightness that keeps text readable in each theme. */
export function userColour(id: string, hue = userHue(id)): CSSProperties {
  return { '--hue': hue } as CSSProperties;
}
