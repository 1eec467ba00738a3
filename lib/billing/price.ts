/** How a coached session's price and paid state read wherever a coach sees them. */
export interface Billing {
  priceCents: number;
  paid: boolean;
}

/** 12345 → "123.45": the amount as entered; sessions carry no currency. */
export function formatPrice(priceCents: number): string {
  return (priceCents / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export function paidLabel(paid: boolean): 'Paid' | 'Unpaid' {
  return paid ? 'Paid' : 'Unpaid';
}
