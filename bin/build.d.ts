export function ensureBuilt(): Promise<string>;
export function ensureWebBuilt(): Promise<void>;
export function ensureWebBuiltApart(): void;
