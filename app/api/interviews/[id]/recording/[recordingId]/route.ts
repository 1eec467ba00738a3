import { deleteRecording } from '@/lib/api/recording';
import { deleteRecording as remove } from '@/server/recordings/deletion';
import { interviewRoute } from '@/server/routes/interview-route';

/** The wrapper asks whether this role may delete recordings at all; `deleteRecording` asks again for the interview's creator. */
export const DELETE = interviewRoute(deleteRecording, 'recording.delete', async ({ view, params }) => {
  await remove(view, params.recordingId);
  return null;
});
