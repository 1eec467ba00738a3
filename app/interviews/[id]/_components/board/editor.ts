/**
 * Excalidraw's module, fetched once per page for the live board and the
 * review's replay alike; the first call starts the download. Font URLs are
 * resolved against EXCALIDRAW_ASSET_PATH when Excalidraw builds its font
 * faces (unset, it fetches every font from esm.sh), so it is set first.
 */
import { keepFontsSelfHosted } from './self-hosted-fonts';

declare global {
  interface Window {
    EXCALIDRAW_ASSET_PATH?: string | string[];
  }
}

/** Served from public/, filled by scripts/copy-excalidraw-assets.mjs; Excalidraw appends `fonts/…`. */
const EXCALIDRAW_ASSET_PATH = '/excalidraw-assets/';

export type ExcalidrawModule = typeof import('@excalidraw/excalidraw');

let editor: Promise<ExcalidrawModule> | undefined;

export function loadEditor(): Promise<ExcalidrawModule> {
  editor ??= (() => {
    window.EXCALIDRAW_ASSET_PATH = EXCALIDRAW_ASSET_PATH;
    keepFontsSelfHosted();
    return import('@excalidraw/excalidraw');
  })();
  return editor;
}
