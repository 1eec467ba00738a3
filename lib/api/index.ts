/**
 * Every HTTP contract, by capability. `API_ROUTES` lists them all, so tests
 * can check each one is served, and served by a handler declaring it.
 */
import * as accounts from './accounts';
import * as billing from './billing';
import * as cards from './cards';
import * as evaluation from './evaluation';
import * as guide from './guide';
import * as health from './health';
import * as interviews from './interviews';
import * as invites from './invites';
import * as matching from './matching';
import * as media from './media';
import * as notes from './notes';
import * as progress from './progress';
import * as ratings from './ratings';
import * as recording from './recording';
import * as review from './review';
import * as rounds from './rounds';
import * as scheduling from './scheduling';
import * as settings from './settings';

export { accounts, billing, cards, evaluation, guide, health, interviews, invites, matching, media, notes, progress, ratings, recording, review, rounds, scheduling, settings };
export { apiFetch, failureMessage, serverMessage, type ApiInput, type FetchOptions } from './client';
export { defineRoute, fillPath, type Method, type PathParams, type RouteContract } from './contract';
export { ApiError, ClientErrorCode, errorBodySchema, type ErrorBody } from './errors';

export const API_ROUTES = [
  health.health,
  accounts.signUp,
  interviews.createInterview,
  interviews.endInterview,
  interviews.deleteInterview,
  invites.previewInvite,
  invites.acceptInvite,
  invites.listInviteLinks,
  invites.copyInviteLink,
  invites.resetInviteLink,
  guide.readGuide,
  evaluation.readRubric,
  evaluation.readEvaluation,
  evaluation.patchEvaluation,
  evaluation.setMark,
  evaluation.readFeedback,
  evaluation.releaseFeedback,
  notes.listNotes,
  notes.addNote,
  notes.deleteNote,
  cards.listRevealedCards,
  cards.revealCard,
  media.mediaToken,
  settings.readSettings,
  settings.updateSettings,
  settings.detectTimeZone,
  billing.setPaid,
  recording.readRecording,
  recording.startRecording,
  recording.decideRecording,
  recording.stopRecording,
  recording.uploadChunk,
  recording.watchRecording,
  recording.completeRecording,
  recording.listRecordings,
  recording.deleteRecording,
  recording.withdrawRecording,
  review.readReview,
  review.readBoardSegment,
  review.watchReviewRecording,
  review.createShare,
  review.listShares,
  review.revokeShare,
  progress.readProgress,
  progress.remindRepractice,
  progress.cancelRepractice,
  rounds.swapRoles,
  ratings.rateInterviewer,
  ratings.listInterviewerRatings,
  scheduling.setSchedule,
  scheduling.cancelSchedule,
  scheduling.downloadCalendar,
  matching.postAvailability,
  matching.readMatching,
  matching.withdrawAvailability,
  matching.listOpenings,
  matching.bookOpening,
  matching.reportNoShow,
] as const;
