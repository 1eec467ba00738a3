/** A coached session's paid state, marked by hand by its interviewers. */
import { z } from 'zod';
import { defineRoute } from './contract';

export const billingSchema = z.object({ priceCents: z.number().int(), paid: z.boolean() });

export const setPaid = defineRoute({
  method: 'PUT',
  path: '/api/interviews/:id/billing/paid',
  request: z.strictObject({ paid: z.boolean({ message: 'expected true or false' }) }),
  response: billingSchema,
});
