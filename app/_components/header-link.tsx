'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ComponentProps } from 'react';

/** The interview room and its pre-join lobby: /interviews/<id> (not /interviews/new), nothing below it. */
const ROOM_PATH = /^\/interviews\/(?!new\/?$)[^/]+\/?$/;

/**
 * A header link that does not prefetch while the interview room is open.
 * Elsewhere, prefetching makes the next page instant. In the room, it renders
 * three other pages on the server while the board's code and first sync are
 * in flight, which delayed a usable board by a few hundred milliseconds in
 * bench/room-ready.ts; nobody leaves a live interview by the header in a hurry.
 */
export function HeaderLink(props: ComponentProps<typeof Link>) {
  const pathname = usePathname();
  return <Link {...props} prefetch={ROOM_PATH.test(pathname ?? '') ? false : props.prefetch} />;
}
