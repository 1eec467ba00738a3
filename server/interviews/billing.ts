/**
 * A coached session's price and paid state, for those the policy lets see
 * them (`billing.read`). Read apart from `loadForActor`, so no page or route
 * that serves a candidate or an observer ever holds the numbers.
 */
import type { Billing } from '../../lib/billing/price';
import { db } from '../db/client';
import { ConflictError } from '../http/errors';
import { can } from './policy';
import type { MemberView } from './service';

export async function billingFor(view: MemberView): Promise<Billing | null> {
  if (view.interview.mode !== 'coach' || !can(view.actor, 'billing.read', view.interview)) return null;
  const row = await db().interview.findUnique({ where: { id: view.interview.id }, select: { priceCents: true, paid: true } });
  return row && row.priceCents !== null ? { priceCents: row.priceCents, paid: row.paid } : null;
}

/**
 * Marks the session paid or unpaid. `view` is already authorized for
 * `billing.manage`; only a coached session with a price has anything to mark.
 */
export async function setPaid(view: MemberView, paid: boolean): Promise<Billing> {
  const row = await db().interview.findUnique({ where: { id: view.interview.id }, select: { mode: true, priceCents: true } });
  if (!row || row.mode !== 'coach' || row.priceCents === null) {
    throw new ConflictError('Only a coached session with a price can be marked as paid.');
  }
  const updated = await db().interview.update({ where: { id: view.interview.id }, data: { paid }, select: { priceCents: true, paid: true } });
  return { priceCents: updated.priceCents!, paid: updated.paid };
}
