import { formatPrice, paidLabel, type Billing } from '@/lib/billing/price';
import { PaidToggle } from './paid-toggle';

/** A coached session's price and paid state; the page renders it only for `billing.read`, the toggle only for `billing.manage`. */
export function BillingLine({ billing, interviewId, canMark }: { billing: Billing; interviewId: string; canMark: boolean }) {
  return (
    <div className="billing-row" id="billing">
      <p className="billing-line" data-testid="interview-price">
        Coached session · {`Price ${formatPrice(billing.priceCents)}`}{' '}
        <span className={`chip ${billing.paid ? 'chip-paid' : 'chip-unpaid'}`} data-testid="paid-state">
          {paidLabel(billing.paid)}
        </span>
      </p>
      {canMark && <PaidToggle interviewId={interviewId} paid={billing.paid} />}
    </div>
  );
}
