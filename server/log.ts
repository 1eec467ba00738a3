/** Minimal leveled logger; one place to route server output later. */
const stamp = () => new Date().toISOString().slice(11, 19);

export const log = {
  info: (message: string) => console.log(`${stamp()} ${message}`),
  warn: (message: string) => console.warn(`${stamp()} WARN ${message}`),
  error: (message: string, error?: unknown) =>
    console.error(`${stamp()} ERROR ${message}${error ? `: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` : ''}`),
};
