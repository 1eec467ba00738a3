/**
 * The baseline page's script for bench/room-ready.ts, bundled by esbuild at
 * bench time: only the y-websocket sync of the interview's doc, no React, no
 * Excalidraw, no socket.io. It marks `board-ready` once the first sync is done
 * and the elements have been read out of the doc, the same point in the sync
 * the room waits for before it hands the elements to Excalidraw. This is the
 * floor a room page could reach on this machine.
 */
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

// Not lib/whiteboard/binding: it imports the socket protocol module, and with
// it zod, which would make this floor heavier than it needs to be.
const interviewId = new URLSearchParams(window.location.search).get('interview') ?? '';
const doc = new Y.Doc();
const server = `${window.location.protocol === 'https:' ? 'wss:' : 'ws:'}//${window.location.host}/ws/yjs`;
const provider = new WebsocketProvider(server, encodeURIComponent(interviewId), doc, { disableBc: true });
provider.on('sync', (synced: boolean) => {
  if (!synced || performance.getEntriesByName('board-ready').length > 0) return;
  // A plain copy of every element, as the room's binding makes before Excalidraw sees them.
  const count = Object.keys(doc.getMap('elements').toJSON()).length;
  performance.mark('board-ready', { detail: { elements: count } });
  document.body.dataset.elements = String(count);
});
