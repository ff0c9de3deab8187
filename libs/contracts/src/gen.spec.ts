import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

// Fails when libs/contracts/src/gen is not what `npm run proto:gen` produces from proto/
// (someone edited a .proto without regenerating, or edited generated code by hand).
const repoRoot = join(__dirname, '..', '..', '..');
const genDir = join(__dirname, 'gen');

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

describe('generated contracts', () => {
  it('are up to date with proto/ (run `npm run proto:gen` if this fails)', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'vigil-proto-gen-'));
    try {
      const buf = join(repoRoot, 'node_modules', '.bin', 'buf');
      execFileSync(buf, ['generate', '--output', outDir], { cwd: repoRoot, stdio: 'pipe' });
      const fresh = join(outDir, 'libs', 'contracts', 'src', 'gen');
      const expected = listFiles(fresh).map((path) => relative(fresh, path)).sort();
      const actual = listFiles(genDir).map((path) => relative(genDir, path)).sort();
      expect(actual).toEqual(expected);
      for (const file of expected) {
        expect({ file, text: readFileSync(join(genDir, file), 'utf8') }).toEqual({ file, text: readFileSync(join(fresh, file), 'utf8') });
      }
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
