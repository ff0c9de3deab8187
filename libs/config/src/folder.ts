import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The files under a folder of documents a service reads at start and on reload (SLO YAML,
 * runbooks), recursively, in a stable order (sorted by name at every level) so what is loaded
 * does not depend on the file system. A missing folder is an empty one: the folders are optional.
 * Hidden entries (`.git`, a ConfigMap's `..data`) are skipped; symbolic links to files count as
 * files, since a Kubernetes ConfigMap mounts each document as one.
 */
export async function listFolderFiles(dir: string, accept: (fileName: string) => boolean): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFolderFiles(path, accept)));
    else if ((entry.isFile() || entry.isSymbolicLink()) && accept(entry.name)) files.push(path);
  }
  return files;
}
