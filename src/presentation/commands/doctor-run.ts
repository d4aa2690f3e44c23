// doctor, the work: run the checks, render the findings, exit 3 when one failed.
import { factoryFor } from '../factory.ts';
import type { DoctorArgs } from './doctor-args.ts';
import { writeStructured, structuredFormat } from '../render/output.ts';
import { paletteFor, visibleLength, type Palette } from '../render/color.ts';
import { ExitCode } from '../exit-codes.ts';
import { runDoctor } from '../../operations/doctor.ts';
import type { Finding, Level } from '../../domain/doctor-finding.ts';
import { citationText, sourceJson, sourceOf } from '../../domain/finding-sources.ts';
import { plural } from '../../domain/plural.ts';

/** The JSON/YAML contract (docs/commands.md, "JSON output"): keep field names stable. */
function toJson(f: Finding) {
  return { check: f.check, level: f.level, why: f.why, fix: f.fix ?? null, source: sourceJson(f.check), ...(f.details ? { details: f.details } : {}) };
}

function paintLevel(level: Level, paint: Palette): string {
  return level === 'ok' ? paint.green(level) : level === 'warn' ? paint.yellow(level) : paint.red(level);
}

/**
 * kubectl-style columns CHECK, RESULT, WHY, with each fix on the lines below its finding (fixes
 * hold commands and policy JSON, which do not fit a column) and the document it rests on
 * (docs/findings.md). `wide` adds the details, and the source of the checks that passed.
 */
export function renderDoctor(findings: readonly Finding[], paint: Palette, wide: boolean): string {
  const checkWidth = Math.max(5, ...findings.map((f) => f.check.length));
  const resultWidth = 6;
  const indent = ' '.repeat(checkWidth + 3 + resultWidth + 3);
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - visibleLength(s)));
  const out = [`${pad('CHECK', checkWidth)}   ${pad('RESULT', resultWidth)}   WHY`];
  for (const f of findings) {
    out.push(`${pad(f.check, checkWidth)}   ${pad(paintLevel(f.level, paint), resultWidth)}   ${f.why}`);
    if (f.fix && f.level !== 'ok') {
      const [first, ...rest] = f.fix.split('\n');
      out.push(`${indent}${paint.bold('fix:')} ${first}`);
      for (const line of rest) out.push(`${indent}     ${line}`);
    }
    const source = sourceOf(f.check);
    if (source && ((f.fix && f.level !== 'ok') || wide)) out.push(`${indent}${paint.dim('source:')} ${citationText(source)}`);
    if (wide) for (const d of f.details ?? []) out.push(`${indent}${paint.dim('-')} ${d}`);
  }
  const count = (l: Level) => findings.filter((f) => f.level === l).length;
  const [fails, warns] = [count('fail'), count('warn')];
  out.push('');
  out.push(
    `${count('ok')} ok, ${plural(warns, 'warning')}, ${fails} failed` +
      (fails > 0 ? `: ${paint.red('fix the failed checks')} (exit 3)` : warns > 0 ? ': nothing failed' : ': all good'),
  );
  return out.join('\n') + '\n';
}

export async function runDoctorCommand(args: DoctorArgs): Promise<number> {
  const f = factoryFor(args);
  try {
    const findings = await runDoctor({
      factory: f,
      provider: args.provider,
      noCloud: args.cloud === false,
      clusterId: args['cluster-id'],
    });
    const format = structuredFormat(args.output);
    if (format) {
      writeStructured(format, 'DoctorReport', findings.map(toJson));
    } else {
      process.stdout.write(renderDoctor(findings, paletteFor(process.stdout), args.output === 'wide'));
    }
    return findings.some((x) => x.level === 'fail') ? ExitCode.checkFailed : ExitCode.ok;
  } finally {
    f.close();
  }
}
