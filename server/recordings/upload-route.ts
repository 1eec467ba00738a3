/**
 * POST /api/interviews/:id/recording/:recordingId/chunks/:seq, one chunk of
 * the caller's own recording; the body is its bytes. Served by server/app.ts
 * before Next (see server/routes/node-route.ts): the interview, the caller's
 * role, the recording and its owner's consent come in one query. A gap is
 * answered 409 with the chunk to send next, in the body as `expected`.
 */
import { uploadChunk } from '../../lib/api/recording';
import { memberNodeRoute } from '../routes/node-route';
import { acceptChunk } from './chunks';
import { loadUploadTarget } from './upload-target';

export const uploadChunkRoute = memberNodeRoute(
  uploadChunk,
  'recording.upload',
  (interviewId, userId, params) => loadUploadTarget(interviewId, userId, params.recordingId),
  async ({ view, params, req }) => {
    const result = await acceptChunk(view, params.seq, {
      contentType: req.headers['content-type'] ?? null,
      contentLength: req.headers['content-length'] ?? null,
      body: req,
    });
    if ('gap' in result) {
      return Response.json(
        { error: { code: 'gap', message: `Chunk ${result.gap} is missing: send from chunk ${result.gap}.`, expected: result.gap } },
        { status: 409 },
      );
    }
    return result;
  },
);
