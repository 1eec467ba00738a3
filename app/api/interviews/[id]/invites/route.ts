import { copyInviteLink, listInviteLinks } from '@/lib/api/invites';
import { copyInviteLink as copy, currentInviteLinks } from '@/server/interviews/invite-links';
import { interviewRoute } from '@/server/routes/interview-route';

/** Each role's current link (or null); reading never makes or revokes one. */
export const GET = interviewRoute(listInviteLinks, 'invites.manage', async ({ view }) => ({ links: await currentInviteLinks(view.interview.id) }));

/** The role's current link, the same on every copy; made only if the role has none (or it expired). */
export const POST = interviewRoute(copyInviteLink, 'invites.manage', ({ view, body: { role } }) => copy(view.interview.id, role));
