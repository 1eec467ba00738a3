/**
 * In the browser, zod 4 probes once whether it may compile fast parsers with
 * `new Function`. Our Content-Security-Policy allows no eval, so the probe is
 * refused and reported as a CSP violation on every page (zod then falls back
 * anyway). Going jitless skips the probe; the server keeps the compiled path.
 * Imported for its effect by the schema modules the pages load.
 */
import { z } from 'zod';

if (typeof window !== 'undefined') z.config({ jitless: true });
