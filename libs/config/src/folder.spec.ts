import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { listFolderFiles } from './folder';

describe('listFolderFiles', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-folder-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists accepted files recursively in name order at every level', async () => {
    await mkdir(join(dir, 'tenant-b'));
    await mkdir(join(dir, 'tenant-a'));
    for (const file of ['z.yaml', 'a.yml', 'notes.txt', 'tenant-b/x.yaml', 'tenant-a/y.yaml']) await writeFile(join(dir, file), '');
    const files = await listFolderFiles(dir, (name) => /\.ya?ml$/.test(name));
    expect(files.map((file) => relative(dir, file))).toEqual(['a.yml', 'tenant-a/y.yaml', 'tenant-b/x.yaml', 'z.yaml']);
  });

  it('reads symbolically linked documents, as a Kubernetes ConfigMap mounts them', async () => {
    // The layout kubelet writes: a timestamped folder, `..data` linking to it, a link per key.
    await mkdir(join(dir, '..2026_11_23_10_00_00.1'));
    await writeFile(join(dir, '..2026_11_23_10_00_00.1', 'slo.yaml'), '');
    await symlink('..2026_11_23_10_00_00.1', join(dir, '..data'));
    await symlink(join('..data', 'slo.yaml'), join(dir, 'slo.yaml'));
    const files = await listFolderFiles(dir, (name) => name.endsWith('.yaml'));
    expect(files.map((file) => relative(dir, file))).toEqual(['slo.yaml']);
  });

  it('treats a missing folder as empty', async () => {
    await expect(listFolderFiles(join(dir, 'absent'), () => true)).resolves.toEqual([]);
  });
});
