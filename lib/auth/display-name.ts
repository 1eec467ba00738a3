/** How a person is shown to others: their name, or the part of their email before the @ when they gave none. */
export function displayName(user: { name: string | null; email: string }): string {
  return user.name ?? user.email.split('@')[0]!;
}
