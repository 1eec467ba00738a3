/**
 * Renders scenario prose: YAML block text keeps the author's line breaks, but
 * only blank lines are paragraph breaks; single newlines are just wrapping.
 */
export function Paragraphs({ text, className }: { text: string; className?: string }) {
  return (
    <>
      {text
        .trim()
        .split(/\n\s*\n/)
        .map((paragraph, i) => (
          <p key={i} className={className}>
            {paragraph.replace(/\s*\n\s*/g, ' ')}
          </p>
        ))}
    </>
  );
}
