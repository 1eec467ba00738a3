import { issueInvite } from '@/lib/api/interviews';
import { getRuntime } from '@/server/env';
import { inviteUrl, issueInvite as issue } from '@/server/interviews/invites';
import { interviewRoute } from '@/server/routes/interview-route';

/** Issues a fresh invite link for a role; earlier unused links for that role stop working. */
export const POST = interviewRoute(issueInvite, 'invites.manage', async ({ view, body: { role } }) => ({
  role,
  url: inviteUrl(getRuntime().appUrl, await issue(view.interview.id, role)),
}));
