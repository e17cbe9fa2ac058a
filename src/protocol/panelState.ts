/**
 * How the panel's state changes with each host notification. The host applies a transition and sends the
 * notification; the webview applies the same transition when it arrives: one state type, one set of rules, so the
 * two copies cannot drift. Pure functions returning new states.
 */
import type { ParamsOf } from './messageTypes';
import type { PanelState, ToWebview } from './messages';

type StateNotifications = Pick<
  typeof ToWebview,
  | 'didStartAnalysis'
  | 'didProgress'
  | 'didPartialAnalysis'
  | 'didFinishAnalysis'
  | 'didFailAnalysis'
  | 'didChangePipeline'
  | 'didChangeSettings'
>;

/** The notifications that change the panel's state, and how. */
export const PANEL_TRANSITIONS: {
  readonly [K in keyof StateNotifications]: (
    state: PanelState,
    params: ParamsOf<StateNotifications[K]>,
  ) => PanelState;
} = {
  didStartAnalysis: (state) => ({ ...state, analysing: true, progress: null, partial: null, error: null }),
  didProgress: (state, progress) => ({ ...state, progress }),
  didPartialAnalysis: (state, { report }) => ({ ...state, partial: report }),
  didFinishAnalysis: (state, { report }) => ({ ...state, report, partial: null, analysing: false }),
  didFailAnalysis: (state, { message }) => ({ ...state, partial: null, error: message, analysing: false }),
  didChangePipeline: (state, { pipeline, file, followsDataset }) =>
    followsDataset && state.pipelineEdited ? state : { ...state, pipeline, pipelineFile: file },
  didChangeSettings: (state, settings) => ({ ...state, settings }),
};

export type StateNotification = StateNotifications[keyof StateNotifications];

/** The state after `type` with `params`. */
export function panelStateAfter<T extends StateNotification>(
  state: PanelState,
  type: T,
  params: ParamsOf<T>,
): PanelState {
  const transition = PANEL_TRANSITIONS[type.method] as (state: PanelState, params: ParamsOf<T>) => PanelState;
  return transition(state, params);
}
