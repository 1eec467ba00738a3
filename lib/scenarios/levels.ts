/** The seniority levels scenarios are written for: shared by the scenario format, the create form and its API contract. */
export const LEVELS = ['senior', 'staff', 'principal'] as const;
export type Level = (typeof LEVELS)[number];
