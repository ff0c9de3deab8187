/**
 * Test helpers shared by every project's `*.int-spec.ts`: where the real engines are.
 * Nothing here fakes an engine; it only finds the real one (STYLE.md §7).
 */
export { engineSuite, engineAddress, ENGINE_ENV } from './engines';
export type { Engine } from './engines';
export { freePort, waitFor } from './wait';
