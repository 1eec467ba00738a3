/** Display labels for ids used in scenario files ("cold-start" → "Cold start"). */
const OVERRIDES: Record<string, string> = { ai: 'AI', ml: 'ML', nlp: 'NLP', llm: 'LLM', rag: 'RAG', ctr: 'CTR', eta: 'ETA', and: 'and' };

export function label(id: string): string {
  const words = id.split('-').map((w) => OVERRIDES[w] ?? w);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
