import { loadState, saveState } from './vscodeApi';

/** A view toggle's value: a checkbox, a choice, a count. */
export type ToggleValue = string | number | boolean;

/** Every toggle set in this panel (log scales, sort orders, export options), persisted with the webview's state. */
const toggles: Record<string, ToggleValue> = { ...(loadState().toggles ?? {}) };

/**
 * A toggle's remembered value (across tab switches and window reloads), or `fallback` when none was set or the
 * value kept is not one `allowed` accepts (a value of another type is never taken).
 */
export function toggleValue<T extends ToggleValue>(
  key: string,
  fallback: T,
  allowed: (value: T) => boolean = () => true,
): T {
  const value = toggles[key];
  return typeof value === typeof fallback && allowed(value as T) ? (value as T) : fallback;
}

/** Remembers the values of `keys` that `element` holds now (its properties of the same names). */
export function rememberToggles(prefix: string, element: object, keys: readonly string[]): void {
  let changed = false;
  for (const key of keys) {
    const value = (element as Record<string, unknown>)[key];
    if (!['string', 'number', 'boolean'].includes(typeof value)) continue;
    if (toggles[`${prefix}.${key}`] === value) continue;
    toggles[`${prefix}.${key}`] = value as ToggleValue;
    changed = true;
  }
  if (changed) saveState({ ...loadState(), toggles: { ...toggles } } as Parameters<typeof saveState>[0]);
}

/** All toggles, for the app's own saves of the state (which must not drop them). */
export function allToggles(): Record<string, ToggleValue> {
  return { ...toggles };
}
