import jsonata from 'jsonata';

/**
 * JSONata can loop forever (`($f := function(){ $f() }; $f())`) or build huge sequences (`[1..1e7]`), and it
 * runs on the event loop. JSONata 2.2's own guardrails stop each evaluation: checked on every step, so a
 * runaway expression costs at most EVALUATION_TIMEOUT_MS of the loop before it fails with D1012. A mapping has
 * up to 11 expressions and real ones take well under a millisecond, so a request blocks the loop at most ~0.3 s.
 */
const EVALUATION_TIMEOUT_MS = 25;
const guardrails = { timeout: EVALUATION_TIMEOUT_MS, stack: 300, sequence: 10_000 };

export type CompiledExpression = jsonata.Expression;

/** What JSONata throws: an object with a code (S0201, T2001, D1012…), a position and a message. */
interface JsonataFailure {
  code?: string;
  position?: number;
  message?: string;
}

/** "JSONata error S0202 at position 12: Expected ")", got "]"" — what a user needs to find the mistake. */
export function describeJsonataError(error: unknown): string {
  const failure = (error ?? {}) as JsonataFailure;
  const where = typeof failure.position === 'number' ? ` at position ${failure.position}` : '';
  const code = failure.code ? ` ${failure.code}` : '';
  const message = failure.code === 'D1012' ? `stopped after ${EVALUATION_TIMEOUT_MS} ms (does it loop?)` : (failure.message ?? String(error));
  return `JSONata error${code}${where}: ${message}`;
}

/** Compiles with the guardrails; throws the parser's error (see describeJsonataError). */
export function compileExpression(source: string): CompiledExpression {
  return jsonata(source, guardrails);
}

/** The compile error of `source`, or undefined when it compiles. */
export function compileError(source: string): string | undefined {
  try {
    compileExpression(source);
    return undefined;
  } catch (error) {
    return describeJsonataError(error);
  }
}
