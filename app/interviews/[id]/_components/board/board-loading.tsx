/** What the board area shows until Excalidraw is on screen: the same on the server's HTML and in the browser. */
export function BoardLoading() {
  return (
    <div className="whiteboard-loading" role="status" data-testid="whiteboard-loading">
      <span className="spinner" aria-hidden />
      Loading whiteboard…
    </div>
  );
}
