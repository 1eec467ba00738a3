import { cancelSchedule as cancelRoute, setSchedule as setRoute } from '@/lib/api/scheduling';
import { memberRoute } from '@/server/routes/interview-route';
import { cancelSchedule, setSchedule } from '@/server/scheduling/service';

/** Sets or moves the session's time; everyone in it gets the invitation or the update by email. */
export const PUT = memberRoute(setRoute, 'schedule.manage', ({ view, body }) => setSchedule(view, body.scheduledAt));

/** Calls the session off; everyone in it gets the cancellation by email. */
export const DELETE = memberRoute(cancelRoute, 'schedule.manage', ({ view }) => cancelSchedule(view));
