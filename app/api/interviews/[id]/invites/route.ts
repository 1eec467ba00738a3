import { z } from 'zod';
import { requireSession } from '@/server/auth/session';
import { getRuntime } from '@/server/env';
import { readJson, route } from '@/server/http/errors';
import { inviteUrl, issueInvite } from '@/server/interviews/invites';
import { ROLES } from '@/server/interviews/policy';
import { authorize } from '@/server/interviews/service';

const bodySchema = z.object({ role: z.enum(ROLES, { message: 'role must be candidate, interviewer or observer' }) });

/** Issues a fresh invite link for a role; earlier unused links for that role stop working. */
export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireSession(request.headers);
  const { id } = await params;
  await authorize(id, user.id, 'invites.manage');
  const { role } = bodySchema.parse(await readJson(request));
  const url = inviteUrl(getRuntime().appUrl, await issueInvite(id, role));
  return Response.json({ role, url }, { status: 201 });
});
