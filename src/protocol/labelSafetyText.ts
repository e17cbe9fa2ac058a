/** The label-safety wording the panel shows (core/probe/safetyText), for the webview, which reaches core through here. */
export {
  adviceText,
  costText,
  pairsText,
  probeText,
  variantMark,
  verdictSources,
  verdictText,
} from '../core/probe/safetyText';
