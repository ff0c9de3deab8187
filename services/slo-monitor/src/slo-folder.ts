import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { SourceFile } from '@vigil/slo';

export const DEFAULT_TENANT = 'default';

/** The YAML files of an SLO folder, grouped by tenant, plus a signature that changes with any edit. */
export interface SloFolder {
  readonly filesByTenant: ReadonlyMap<string, SourceFile[]>;
  /** Paths with their mtimes and sizes; equal signatures mean nothing to reload. */
  readonly signature: string;
}

async function listYaml(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listYaml(path)));
    else if (/\.ya?ml$/i.test(entry.name)) files.push(path);
  }
  return files;
}

/** Reads every `*.yaml`/`*.yml` under `dir`; a missing folder is an empty one. */
export async function readSloFolder(dir: string): Promise<SloFolder> {
  const filesByTenant = new Map<string, SourceFile[]>();
  const signature: string[] = [];
  for (const path of await listYaml(dir)) {
    const rel = relative(dir, path);
    const parts = rel.split(sep);
    const tenant = parts.length > 1 ? parts[0] : DEFAULT_TENANT;
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    signature.push(`${rel}:${info.mtimeMs}:${info.size}`);
    const list = filesByTenant.get(tenant) ?? [];
    list.push({ file: rel, text });
    filesByTenant.set(tenant, list);
  }
  return { filesByTenant, signature: signature.join('|') };
}
