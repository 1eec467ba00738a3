/** The roles a participant can hold in an interview: one list for the policy, the API contracts and the UI. */
export const ROLES = ['interviewer', 'candidate', 'observer'] as const;
export type Role = (typeof ROLES)[number];
