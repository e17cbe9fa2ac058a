/** Colours from the VS Code theme (CSS variables the webview receives), read when a chart is drawn. */
export function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}

export function themeColours() {
  return {
    foreground: cssVar('--vscode-foreground', '#cccccc'),
    muted: cssVar('--vscode-descriptionForeground', '#999999'),
    grid: cssVar('--vscode-charts-lines', 'rgba(128,128,128,0.35)'),
    red: cssVar('--vscode-charts-red', '#f14c4c'),
    green: cssVar('--vscode-charts-green', '#89d185'),
    blue: cssVar('--vscode-charts-blue', '#3794ff'),
    yellow: cssVar('--vscode-charts-yellow', '#cca700'),
    orange: cssVar('--vscode-charts-orange', '#d18616'),
    purple: cssVar('--vscode-charts-purple', '#b180d7'),
    font: cssVar('--vscode-font-family', 'sans-serif'),
  };
}

/** Colours for a series of datasets (splits), in a fixed order. */
export function seriesColours(): string[] {
  const c = themeColours();
  return [c.blue, c.orange, c.green, c.purple, c.yellow, c.red];
}

/** Calls `listener` when VS Code switches theme (it changes the body's class). Returns a disposer. */
export function onThemeChange(listener: () => void): () => void {
  const observer = new MutationObserver(() => listener());
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  return () => observer.disconnect();
}

/** `colour` at `alpha` opacity (hex colours; anything else is returned as it is). */
export function withAlpha(colour: string, alpha: number): string {
  const hex = colour.trim();
  const a = Math.round(Math.min(1, Math.max(0, alpha)) * 255)
    .toString(16)
    .padStart(2, '0');
  if (/^#[0-9a-f]{6}$/i.test(hex)) return hex + a;
  if (/^#[0-9a-f]{3}$/i.test(hex)) return '#' + [...hex.slice(1)].map((ch) => ch + ch).join('') + a;
  return colour;
}
