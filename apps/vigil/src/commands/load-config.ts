import type { Command } from 'commander';
import { loadConfig, type VigilConfig } from '@vigil/config';

/**
 * The one place Vigil reads `process.env` (STYLE.md §3): config for a command, from the
 * `--config` file, the environment and the command's own overrides.
 */
export function configFor(command: Command, overrides: Record<string, unknown> = {}): Readonly<VigilConfig> {
  const globals = command.optsWithGlobals() as { config?: string };
  return loadConfig({ env: process.env, file: globals.config, overrides });
}
