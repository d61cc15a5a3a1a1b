import { PorticoError } from '../errors.ts';

/** For tests: the `path: message` lines a PorticoError names, or [] when `run` does not throw. */
export function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof PorticoError) return error.details.map((d) => `${d.path}: ${d.message}`);
    throw error;
  }
  return [];
}
