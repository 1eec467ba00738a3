import { uploadChunk } from '@/lib/api/recording';
import { memberRoute } from '@/server/routes/interview-route';
import { acceptChunk } from '@/server/recordings/chunks';

/**
 * One chunk of the caller's own recording; the body is its bytes. A gap is
 * answered 409 with the chunk to send next, in the body as `expected`.
 */
export const POST = memberRoute(uploadChunk, 'recording.upload', async ({ view, params, request }) => {
  const result = await acceptChunk(view, params.recordingId, params.seq, request);
  if ('gap' in result) {
    return Response.json(
      { error: { code: 'gap', message: `Chunk ${result.gap} is missing: send from chunk ${result.gap}.`, expected: result.gap } },
      { status: 409 },
    );
  }
  return result;
});
