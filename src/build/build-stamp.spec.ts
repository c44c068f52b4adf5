import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staleBuildWarning, writeBuildStamp } from './build-stamp';

describe('build stamp: a start from a build older than its sources says so', () => {
  let root: string;
  const write = (file: string, text: string) => writeFileSync(join(root, file), text);
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'stamp-'));
    for (const dir of ['src', 'projections', 'dist']) mkdirSync(join(root, dir));
    write('src/main.ts', 'export const a = 1;\n');
    write('projections/view.ts', 'export const b = 2;\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is silent for the sources it was built from', () => {
    writeBuildStamp(root);
    expect(staleBuildWarning(root)).toBeUndefined();
  });

  it('names a change to a source, an added file and a build without a stamp', () => {
    writeBuildStamp(root);
    write('src/main.ts', 'export const a = 2;\n');
    expect(staleBuildWarning(root)).toMatch(/sources changed since .*dist was built .*npm run build/);
    writeBuildStamp(root);
    write('projections/new.ts', 'export {};\n');
    expect(staleBuildWarning(root)).toMatch(/2 files then, 3 now/);
    rmSync(join(root, 'dist', 'build-stamp.json'));
    expect(staleBuildWarning(root)).toMatch(/no build stamp/);
  });

  it('ignores specs, which are not built, and a tree without sources (an installed image)', () => {
    writeBuildStamp(root);
    write('src/main.spec.ts', 'it("x", () => undefined);\n');
    expect(staleBuildWarning(root)).toBeUndefined();
    rmSync(join(root, 'src'), { recursive: true });
    rmSync(join(root, 'projections'), { recursive: true });
    expect(staleBuildWarning(root)).toBeUndefined();
  });
});
