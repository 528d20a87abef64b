/** Let queued callbacks (finished workers, progress) run between slices of synchronous work. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
