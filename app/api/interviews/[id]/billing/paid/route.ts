import { setPaid } from '@/lib/api/billing';
import { setPaid as mark } from '@/server/interviews/billing';
import { interviewRoute } from '@/server/routes/interview-route';

/** Interviewers mark a coached session paid (or back to unpaid) by hand. */
export const PUT = interviewRoute(setPaid, 'billing.manage', ({ view, body }) => mark(view, body.paid));
