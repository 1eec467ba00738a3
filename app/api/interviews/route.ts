import { requireSession } from '@/server/auth/session';
import { readJson, route } from '@/server/http/errors';
import { createInterview, createInterviewSchema } from '@/server/interviews/service';

export const POST = route(async (request: Request) => {
  const user = await requireSession(request.headers);
  const input = createInterviewSchema.parse(await readJson(request));
  const created = await createInterview(user.id, input);
  return Response.json(created, { status: 201 });
});
