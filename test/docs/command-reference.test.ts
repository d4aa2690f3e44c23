// docs/commands.md's reference part is what the command table says: the generator is run as a
// developer runs it (a process: this suite's tests never import src/), with --check.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const page = join(root, 'docs', 'commands.md');
const check = (path?: string) => spawnSync(process.execPath, [join(root, 'cmd', 'command-reference.ts'), '--check', ...(path ? [path] : [])], { encoding: 'utf8' });

/** A copy of the committed page with `edit` applied, in a temporary directory. */
function copyWith(edit: (text: string) => string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'command-reference-')), 'commands.md');
  writeFileSync(path, edit(readFileSync(page, 'utf8')));
  return path;
}

describe('docs/commands.md', () => {
  it('holds the reference the command table gives (run node cmd/command-reference.ts after changing a verb)', () => {
    const r = check();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('is found stale when its generated part differs, and not for an edit of the hand-written part', () => {
    const stale = check(copyWith((t) => t.replace('| `--dry-run` | boolean | `false` |', '| `--dry-run` | boolean | `true` |')));
    expect(stale.status).toBe(1);
    expect(stale.stderr).toMatch(/differs from the command table: run node cmd\/command-reference\.ts/);
    const prose = check(copyWith((t) => t.replace('## Commands\n', '## Commands\n\nA new paragraph written by hand.\n')));
    expect(prose.status).toBe(0);
  });

  it('names every verb with its flags and examples, under the markers', () => {
    const text = readFileSync(page, 'utf8');
    const generated = text.slice(text.indexOf('<!-- BEGIN generated'), text.indexOf('<!-- END generated -->'));
    for (const verb of ['doctor', 'show cluster', 'show node', 'show pod', 'show group', 'reach', 'report', 'set node', 'set cluster', 'set workload', 'resync', 'ui', 'version']) {
      expect(generated).toContain(`### kubectl sg ${verb}\n`);
    }
    expect(generated).toContain('kubectl sg show pod <name> [flags]');
    expect(generated).toContain('| `--method` | `auto` \\| `need-sync` \\| `toggle` |');
  });
});
