import { cancelRepractice as cancelRoute, remindRepractice as remindRoute } from '@/lib/api/progress';
import { cancelRepractice, remindRepractice } from '@/server/progress/repractice';
import { memberRoute } from '@/server/routes/interview-route';

/** The candidate's 4-, 7- and 14-day re-practice reminders for this session; asking again changes nothing (200). */
export const PUT = memberRoute(remindRoute, 'repractice.manage', async ({ view }) => ({ reminders: (await remindRepractice(view)).reminders }));

/** Cancels the ones not sent yet. */
export const DELETE = memberRoute(cancelRoute, 'repractice.manage', ({ view }) => cancelRepractice(view));
