/**
 * Calls `run` at once when nothing was asked for `waitMs` before (a first keystroke answers without delay), and once
 * more `waitMs` after the last of a burst (fast typing asks once, for what was typed last).
 */
export function debounce(run: () => void, waitMs: number): () => void {
  let timer: number | undefined;
  let pending = false;
  return () => {
    if (timer === undefined) run();
    else pending = true;
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      timer = undefined;
      if (pending) {
        pending = false;
        run();
      }
    }, waitMs);
  };
}
