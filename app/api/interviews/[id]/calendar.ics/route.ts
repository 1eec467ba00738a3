import { downloadCalendar } from '@/lib/api/scheduling';
import { memberRoute } from '@/server/routes/interview-route';
import { calendarFileFor } from '@/server/scheduling/calendar-file';

/** "Add to calendar": the current .ics in the caller's zone; outsiders get 404, as for no interview at all. */
export const GET = memberRoute(downloadCalendar, 'calendar.read', async ({ view }) => {
  const file = await calendarFileFor(view.interview.id, view.actor.userId);
  return new Response(file.content, {
    headers: {
      'content-type': `text/calendar; charset=utf-8; method=${file.method}`,
      'content-disposition': `attachment; filename="${file.filename}"`,
    },
  });
}, { hideFromOutsiders: true });
