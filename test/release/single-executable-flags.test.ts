// The Node flags a single executable starts with are the ones on the development bundle's `#!`
// line (build.mjs writes them there once; cmd/release/single-executable.ts hands them to
// --build-sea as execArgv), so the two ways of running the plugin cannot drift apart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shebangNodeFlags, withoutShebang } from '../../cmd/release/single-executable.ts';
import { distDir } from '../e2e/run.ts';

describe('Node flags of the single executables', () => {
  it('are the words after the interpreter on the #! line', () => {
    expect(shebangNodeFlags(Buffer.from('#!/opt/node/bin/node --max-semi-space-size=4\nimport x;\n'))).toEqual(['--max-semi-space-size=4']);
    expect(shebangNodeFlags(Buffer.from('#!/opt/node/bin/node\nimport x;\n'))).toEqual([]);
    expect(shebangNodeFlags(Buffer.from('import x;\n'))).toEqual([]);
  });

  it('bound the young generation of the built bundle, and leave its text as the executable carries it', () => {
    const bundle = readFileSync(join(distDir, 'kubectl-sg'));
    expect(shebangNodeFlags(bundle)).toContain('--max-semi-space-size=8');
    expect(withoutShebang(bundle).toString('utf8')).not.toContain('--max-semi-space-size');
  });
});
