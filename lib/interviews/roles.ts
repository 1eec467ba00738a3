/**
 * The participant roles and interview statuses, written once. The policy, the
 * realtime protocol, whiteboard awareness and the UI all derive from these;
 * Prisma's enums must hold the same values (a unit test compares them).
 */
import { z } from 'zod';

export const ROLES = ['interviewer', 'candidate', 'observer'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

export const INTERVIEW_STATUSES = ['scheduled', 'live', 'ended'] as const;
export type InterviewStatus = (typeof INTERVIEW_STATUSES)[number];
export const interviewStatusSchema = z.enum(INTERVIEW_STATUSES);
