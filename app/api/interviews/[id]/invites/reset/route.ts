import { resetInviteLink } from '@/lib/api/invites';
import { resetInviteLink as reset } from '@/server/interviews/invite-links';
import { interviewRoute } from '@/server/routes/interview-route';

/** Replaces the role's link: the old one stops working at once. */
export const POST = interviewRoute(resetInviteLink, 'invites.manage', ({ view, body: { role } }) => reset(view.interview.id, role));
