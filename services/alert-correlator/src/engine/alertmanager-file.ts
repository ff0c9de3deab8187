import { readFile } from 'node:fs/promises';
import { ConfigError, loadAlertmanagerConfig, type AlertmanagerConfig } from '@vigil/correlate';

/** The Alertmanager YAML could not be used: says which file and every problem in it. */
export class AlertmanagerFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid Alertmanager config ${file}:\n  ${problems.join('\n  ')}`);
    this.name = 'AlertmanagerFileError';
  }
}

/** Reads and validates the file; throws AlertmanagerFileError naming every bad key. */
export async function readAlertmanagerFile(file: string): Promise<AlertmanagerConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AlertmanagerFileError(file, [`cannot read it: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }
  return parseAlertmanagerText(text, file);
}

export function parseAlertmanagerText(text: string, file = '<config>'): AlertmanagerConfig {
  try {
    return loadAlertmanagerConfig(text);
  } catch (error) {
    if (error instanceof ConfigError) throw new AlertmanagerFileError(file, error.issues.map((i) => `${i.path}: ${i.message}`));
    throw new AlertmanagerFileError(file, [(error as Error).message]);
  }
}
