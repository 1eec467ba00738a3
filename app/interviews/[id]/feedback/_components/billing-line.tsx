import { formatPrice, paidLabel, type Billing } from '@/lib/billing/price';

/** A coached session's price and paid state; the page renders it only for `billing.read`. */
export function BillingLine({ billing }: { billing: Billing }) {
  return (
    <p className="billing-line" data-testid="interview-price">
      Coached session · {`Price ${formatPrice(billing.priceCents)}`}{' '}
      <span className={`chip ${billing.paid ? 'chip-paid' : 'chip-unpaid'}`} data-testid="paid-state">
        {paidLabel(billing.paid)}
      </span>
    </p>
  );
}
