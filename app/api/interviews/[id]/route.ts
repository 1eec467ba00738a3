import { deleteInterview } from '@/lib/api/interviews';
import { ConflictError } from '@/server/http/errors';
import { assertDeletable, deleteInterview as remove } from '@/server/interviews/service';
import { deleteRecordingsOfInterview } from '@/server/recordings/deletion';
import { interviewRoute } from '@/server/routes/interview-route';

/** A recording started in the moment between the two steps is caught on the next pass; past this, something keeps starting them. */
const PASSES = 3;

/**
 * The creator deletes the interview: its recordings' bytes first, then the
 * interview with everything stored about it. (Composed here: recordings
 * depend on interviews, not the other way.)
 */
export const DELETE = interviewRoute(deleteInterview, 'interview.delete', async ({ view }) => {
  assertDeletable(view);
  for (let pass = 0; pass < PASSES; pass++) {
    await deleteRecordingsOfInterview(view.interview.id);
    if (await remove(view)) return null;
  }
  throw new ConflictError('Recordings kept starting while the interview was being deleted. Try again.');
});
