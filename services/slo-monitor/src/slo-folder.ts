import { readFile, stat } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { listFolderFiles } from '@vigil/config';
import type { SourceFile } from '@vigil/slo';

export const DEFAULT_TENANT = 'default';

/** The YAML files of an SLO folder, grouped by tenant, plus a signature that changes with any edit. */
export interface SloFolder {
  readonly filesByTenant: ReadonlyMap<string, SourceFile[]>;
  /** Paths with their mtimes and sizes; equal signatures mean nothing to reload. */
  readonly signature: string;
}

/** Reads every `*.yaml`/`*.yml` under `dir`; a missing folder is an empty one. */
export async function readSloFolder(dir: string): Promise<SloFolder> {
  const filesByTenant = new Map<string, SourceFile[]>();
  const signature: string[] = [];
  for (const path of await listFolderFiles(dir, (name) => /\.ya?ml$/i.test(name))) {
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
