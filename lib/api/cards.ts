/** Constraint cards played to the room. Unrevealed cards never come this way. */
import { z } from 'zod';
import { revealedCardSchema } from '../rubric/evaluation';
import { defineRoute } from './contract';

export const listRevealedCards = defineRoute({ method: 'GET', path: '/api/interviews/:id/cards', response: z.object({ cards: z.array(revealedCardSchema) }) });

export const revealCard = defineRoute({ method: 'POST', path: '/api/interviews/:id/cards/:cardId/reveal', response: revealedCardSchema, status: 201 });
