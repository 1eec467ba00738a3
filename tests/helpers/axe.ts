/**
 * Runs axe-core (through @axe-core/playwright) on a page and sorts what it
 * finds into what fails a test and what is only reported.
 *
 * What fails:
 * - any serious or critical violation of a WCAG 2.0/2.1 A or AA rule, or of
 *   one of the best-practice rules the accessibility issue named (landmarks);
 * - any moderate or minor one of those that is not on the accepted list in
 *   tests/e2e/axe-accepted.ts, where each entry gives its reason.
 * Other best-practice findings are printed but do not fail: they are advice.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Result } from 'axe-core';
import type { Page } from 'playwright-core';
import { ACCEPTED_MODERATE } from '../e2e/axe-accepted';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Best-practice rules held to the same bar as WCAG: the issue named the
 * landmark problems, and a page without a main landmark or with two banners
 * is hard to move around with a screen reader.
 */
export const ENFORCED_BEST_PRACTICE = [
  'landmark-one-main',
  'landmark-no-duplicate-banner',
  'landmark-no-duplicate-main',
  'landmark-no-duplicate-contentinfo',
  'landmark-unique',
  'landmark-main-is-top-level',
  'landmark-banner-is-top-level',
  'page-has-heading-one',
  'region',
  'skip-link',
];

/** axe ships label-content-name-mismatch as experimental (off by default); the issue found it, so it runs. */
const EXPERIMENTAL_ON = ['label-content-name-mismatch'];

export interface AxeReport {
  where: string;
  failing: Result[];
  advice: Result[];
  accepted: Result[];
}

function enforced(result: Result): boolean {
  return result.tags.some((t) => WCAG_TAGS.includes(t)) || ENFORCED_BEST_PRACTICE.includes(result.id) || EXPERIMENTAL_ON.includes(result.id);
}

function isAccepted(where: string, result: Result): boolean {
  return ACCEPTED_MODERATE.some((a) => a.rule === result.id && a.where.test(where));
}

export async function audit(page: Page, where: string): Promise<AxeReport> {
  const results = await new AxeBuilder({ page })
    .withTags([...WCAG_TAGS, 'best-practice'])
    .options({ rules: Object.fromEntries(EXPERIMENTAL_ON.map((id) => [id, { enabled: true }])) })
    .analyze();
  const report: AxeReport = { where, failing: [], advice: [], accepted: [] };
  for (const violation of results.violations) {
    if (!enforced(violation)) report.advice.push(violation);
    else if ((violation.impact === 'serious' || violation.impact === 'critical') || !isAccepted(where, violation)) report.failing.push(violation);
    else report.accepted.push(violation);
  }
  return report;
}

/** One violation as lines a person can act on: rule, impact, what to fix, and where. */
export function describeViolation(v: Result): string {
  const targets = v.nodes.slice(0, 6).map((n) => `    - ${n.target.join(' ')}${n.failureSummary ? `\n      ${n.failureSummary.split('\n').join('\n      ')}` : ''}`);
  const more = v.nodes.length > 6 ? [`    … and ${v.nodes.length - 6} more`] : [];
  return [`  [${v.impact ?? 'unknown'}] ${v.id}: ${v.help}`, `    ${v.helpUrl}`, ...targets, ...more].join('\n');
}

export function formatReport(report: AxeReport): string {
  const lines = [`axe on ${report.where}: ${report.failing.length} failing`];
  for (const v of report.failing) lines.push(describeViolation(v));
  if (report.advice.length) lines.push(formatAdvice(report));
  return lines.join('\n');
}

export function formatAdvice(report: AxeReport): string {
  return `axe advice on ${report.where} (best-practice, not failing): ${report.advice.map((v) => `${v.id}/${v.impact} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('; ')}`;
}

/** Audits the page and throws a readable list of every failing violation. */
export async function expectAccessible(page: Page, where: string): Promise<AxeReport> {
  const report = await audit(page, where);
  if (report.advice.length) console.info(formatAdvice(report));
  if (report.failing.length) throw new Error(formatReport(report));
  return report;
}
