export function ensureBuilt(): Promise<string>;
export function ensureWebBuilt(): Promise<void>;
