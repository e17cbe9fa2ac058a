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
 * Whether the view jumped past everything drawn: `next` shares no item with `previous` (a fling or a scrollbar
 * drag moving a screen or more a frame), as opposed to moving within reach of what is drawn.
 */
export function jumped(previous: GridWindow, next: GridWindow): boolean {
  if (previous.end <= previous.start || next.end <= next.start) return false;
  return next.start >= previous.end || next.end <= previous.start;
}
