/** The lib lists are the one source of truth; the database enums must hold exactly the same values. */
import { describe, expect, it } from 'vitest';
import { InterviewStatus, ParticipantRole } from '../../generated/prisma/enums';
import { INTERVIEW_STATUSES, ROLES } from '../../lib/interviews/roles';
import { ROLES as POLICY_ROLES } from '../../server/interviews/policy';
import { WHITEBOARD_ROLES } from '../../lib/whiteboard/awareness';

describe('roles and statuses', () => {
  it('Prisma ParticipantRole has exactly the lib roles', () => {
    expect(Object.values(ParticipantRole).sort()).toEqual([...ROLES].sort());
  });

  it('Prisma InterviewStatus has exactly the lib statuses', () => {
    expect(Object.values(InterviewStatus).sort()).toEqual([...INTERVIEW_STATUSES].sort());
  });

  it('the policy and the whiteboard use the same list, not a copy', () => {
    expect(POLICY_ROLES).toBe(ROLES);
    expect(WHITEBOARD_ROLES).toBe(ROLES);
  });
});
