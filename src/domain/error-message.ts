/** What went wrong, as text: anything may be thrown, and only an Error carries a message of its own. */
export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
