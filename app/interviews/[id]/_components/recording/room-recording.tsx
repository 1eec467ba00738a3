'use client';

import { useState } from 'react';
import { ConsentDialog } from './consent-dialog';
import { RecordingBar } from './recording-bar';
import { useRecording } from './use-recording';

interface Props {
  interviewId: string;
  userId: string;
  canControl: boolean;
  ended: boolean;
  offsetMs: number;
  tick: number;
  /** The call's camera and microphone (null before joining and after leaving), and a key that changes on a device swap. */
  media: { stream: MediaStream | null; key: string };
  /** The person is past the lobby: only then is the consent question put (the lobby is its own dialog). */
  joined: boolean;
}

/** Recording in the room: the header indicator and the consent question, over one recording state. */
export function RoomRecording({ interviewId, userId, canControl, ended, offsetMs, tick, media, joined }: Props) {
  const recording = useRecording({ interviewId, userId, tick, media: media.stream, mediaKey: media.key });
  // "Decide later" puts the question away for this recording session; the indicator offers it again.
  const [later, setLater] = useState<string | null>(null);
  const [reopened, setReopened] = useState(false);
  const sessionId = recording.status?.session?.id ?? null;
  const me = recording.status?.people.find((p) => p.userId === userId);
  const open = joined && !ended && ((recording.asked && later !== sessionId) || (reopened && me?.decision !== 'allowed'));
  const close = () => {
    setLater(sessionId);
    setReopened(false);
  };

  return (
    <>
      <RecordingBar recording={recording} userId={userId} canControl={canControl} ended={ended} offsetMs={offsetMs} onAnswer={() => setReopened(true)} />
      {recording.status && (
        <ConsentDialog
          open={open}
          status={recording.status}
          userId={userId}
          busy={recording.busy}
          error={recording.error}
          onAllow={() => void recording.allow().then(() => setReopened(false))}
          onDecline={() => void recording.decline().then(close)}
          onLater={close}
        />
      )}
    </>
  );
}
