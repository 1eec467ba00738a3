/**
 * Keeps Excalidraw's fonts on our origin. Excalidraw builds each font face
 * with two sources: our copy under /excalidraw-assets/ and, after it, the same
 * file on esm.sh. Chromium checks every listed source against the
 * Content-Security-Policy when the face is created, so the never-needed
 * fallback is reported as a violation on every load, and if our copy ever
 * failed the browser would fetch fonts from a third party. The fallback is
 * dropped from `src` before the face is made.
 */
const FALLBACK_SOURCE = /,?\s*url\(https:\/\/esm\.sh\/[^)]*\)\s*(format\([^)]*\))?/g;

let installed = false;

export function keepFontsSelfHosted(): void {
  if (installed || typeof window === 'undefined' || !window.FontFace) return;
  installed = true;
  const NativeFontFace = window.FontFace;
  window.FontFace = class extends NativeFontFace {
    constructor(family: string, source: string | BufferSource, descriptors?: FontFaceDescriptors) {
      super(family, typeof source === 'string' ? source.replace(FALLBACK_SOURCE, '').replace(/^\s*,\s*/, '') : source, descriptors);
    }
  };
}
