/** Which items of a fixed-size cell grid are on screen: pure, so it is unit-tested without a DOM. */
export interface GridWindow {
  columns: number;
  /** First and one-past-last item index to render. */
  start: number;
  end: number;
  /** Pixel offset of the first rendered row, and the height of the whole grid. */
  offsetY: number;
  totalHeight: number;
}

/**
 * @param overscan rows rendered above and below the viewport so fast scrolling shows no gaps
 * @example gridWindow(1000, 120, 140, 600, 0, 400) // columns 5, rows 0..(400/140 + overscan)
 */
export function gridWindow(
  count: number,
  cellWidth: number,
  cellHeight: number,
  width: number,
  scrollTop: number,
  viewportHeight: number,
  overscan = 2,
): GridWindow {
  const columns = Math.max(1, Math.floor(Math.max(width, cellWidth) / cellWidth));
  const rows = Math.ceil(count / columns);
  const totalHeight = rows * cellHeight;
  const firstRow = Math.max(0, Math.floor(Math.max(0, scrollTop) / cellHeight) - overscan);
  const lastRow = Math.min(
    rows,
    Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewportHeight)) / cellHeight) + overscan,
  );
  const start = Math.min(count, firstRow * columns);
  const end = Math.min(count, Math.max(start, lastRow * columns));
  return { columns, start, end, offsetY: firstRow * cellHeight, totalHeight };
}

/**
 * Whether the view is being flung: fewer than half the cells to draw were drawn the frame before (it moves about
 * half a screen a frame or faster: a fling, a scrollbar drag), as opposed to a scroll slow enough to read.
 */
export function flung(previous: GridWindow, next: GridWindow): boolean {
  if (previous.end <= previous.start || next.end <= next.start) return false;
  const kept = Math.max(0, Math.min(previous.end, next.end) - Math.max(previous.start, next.start));
  return kept * 2 < next.end - next.start;
}
