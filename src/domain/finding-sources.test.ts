import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TKE_CHECKS } from './tke/doctor-findings.ts';
import { ECI_CHECKS } from './eci/doctor-findings.ts';
import { SUPERNODE_CHECKS } from './supernode/doctor-findings.ts';
import { LINT_CODES } from './rule-lint.ts';
import { citationText, FINDING_SOURCES, REFUSAL_CODES, seeSource, sourceJson } from './finding-sources.ts';
import { PROVIDER_CHECK } from './provider-finding.ts';

const text = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const DECLARED = [PROVIDER_CHECK, ...TKE_CHECKS, ...ECI_CHECKS, ...SUPERNODE_CHECKS, ...LINT_CODES, ...REFUSAL_CODES];

/** Every code written as a literal where findings are made, not only those the lists declare. */
function writtenCodes(paths: readonly string[], pattern: RegExp): Set<string> {
  return new Set(paths.flatMap((p) => [...text(p).matchAll(pattern)].map((m) => m.slice(1).find(Boolean)!)));
}

describe('FINDING_SOURCES', () => {
  it('has an entry for every check doctor reports, every lint code and every document-based refusal', () => {
    const missing = DECLARED.filter((code) => !Object.hasOwn(FINDING_SOURCES, code));
    expect(missing).toEqual([]);
  });

  it('knows every check name the doctor modules write, including those not in the declared lists', () => {
    const doctor = writtenCodes(
      ['./tke/doctor-findings.ts', './eci/doctor-findings.ts', './provider-finding.ts', './cloud-findings.ts', './rbac-finding.ts', '../operations/doctor.ts', '../operations/tke/doctor.ts', '../operations/eci/doctor.ts', './supernode/doctor-findings.ts', '../operations/supernode/doctor.ts'],
      /(?:\bfinding|notChecked|notLookedUp)\(\s*'([a-z0-9-]+)'|\b(?:check|credentialsCheck|regionCheck): '([a-z0-9-]+)'/g,
    );
    expect(doctor.size).toBeGreaterThan(30);
    expect([...doctor].filter((code) => !Object.hasOwn(FINDING_SOURCES, code))).toEqual([]);
  });

  it('knows every lint code the lint modules write', () => {
    const lint = writtenCodes(['./rule-lint.ts', './reach/rule-order-lint.ts'], /\bcode: '([a-z-]+)'/g);
    expect(lint.size).toBe(LINT_CODES.length);
    expect([...lint].filter((code) => !Object.hasOwn(FINDING_SOURCES, code))).toEqual([]);
  });

  it('holds no entry for a code nothing emits', () => {
    expect(Object.keys(FINDING_SOURCES).filter((code) => !(DECLARED as readonly string[]).includes(code))).toEqual([]);
  });

  it('names a document, or says why there is none', () => {
    for (const [code, c] of Object.entries(FINDING_SOURCES)) {
      if (c.source) expect(c.source.document, code).not.toBe('');
      else expect(c.reason, code).toMatch(/\w{3}/);
    }
  });

  it('cites a document for every refusal, in one line', () => {
    for (const code of REFUSAL_CODES) {
      expect(FINDING_SOURCES[code].source, code).not.toBeNull();
      expect(seeSource(code)).toMatch(/^ \(see: [^\n]+\)$/);
    }
  });

  it('writes the seed section titles as the seeds do', () => {
    // The newer Tencent seed (001) titles its sections "## Prerequisite", "## Feature Logic", ...
    const seedTitles = ['Prerequisite', 'Adding Security Group Access Permission for the IPAMD Component Role', 'Enabling Security Group Feature for the IPAMD Component', 'Feature Logic'];
    expect(FINDING_SOURCES['ipamd-version'].source?.section).toBe('Prerequisite');
    expect(FINDING_SOURCES['shared-eni'].source?.section).toBe('Prerequisite');
    expect(FINDING_SOURCES['cam-role'].source?.section).toBe('Adding Security Group Access Permission for the IPAMD Component Role');
    expect(FINDING_SOURCES['nec-per-node'].source?.section).toBe('Feature Logic');
    const tencent = Object.values(FINDING_SOURCES).flatMap((c) => (c.source?.document.includes('Security Group of VPC-CNI Mode') ? [c.source.section] : []));
    expect(tencent.filter((s) => !seedTitles.includes(s!))).toEqual([]);
    // The Alibaba seed (002): "0.0.0.0/0 ... Do not set it as the authorization object unless necessary" is under "Security group rules".
    expect(FINDING_SOURCES['open-to-internet'].source?.section).toBe('Security group rules');
    expect(FINDING_SOURCES['advanced-group-reference'].source?.section).toBe('Security group types');
  });

  it('renders one line, and JSON with every field present', () => {
    expect(citationText({ document: 'D', section: 'S', url: 'https://x' })).toBe('D > S <https://x>');
    expect(citationText({ document: 'D' })).toBe('D');
    expect(sourceJson('cam-role')).toEqual({ document: 'Tencent TKE, "Security Group of VPC-CNI Mode"', section: 'Adding Security Group Access Permission for the IPAMD Component Role', url: null });
    expect(sourceJson('rbac-show')).toBeNull();
    expect(sourceJson('no-such-check')).toBeNull();
  });
});

describe('docs/findings.md', () => {
  const doc = text('../../docs/findings.md');
  const row = (code: string) => doc.split('\n').find((l) => l.startsWith(`| \`${code}\` |`));

  it('has a row for every code, with its source or the reason it has none', () => {
    const wrong = Object.entries(FINDING_SOURCES).flatMap(([code, c]) => {
      const r = row(code);
      if (!r) return [`${code}: no row`];
      // The section where there is one, else the page's quoted title.
      const want = c.source ? (c.source.section ?? c.source.document.match(/"[^"]+"/)?.[0] ?? c.source.document) : 'none';
      return r.includes(want) ? [] : [`${code}: row does not say ${want}`];
    });
    expect(wrong).toEqual([]);
  });
});
