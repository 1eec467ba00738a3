/**
 * The interviewer panel's tabs, apart from the panel itself, so the room can
 * remember the chosen tab without downloading the panel for candidates.
 * Problem and Cards are everyone's; the rest are the interviewer's tools.
 */
export const INTERVIEWER_TABS = ['problem', 'cards', 'guide', 'rubric', 'notes', 'wrap-up'] as const;
export type InterviewerTab = (typeof INTERVIEWER_TABS)[number];
