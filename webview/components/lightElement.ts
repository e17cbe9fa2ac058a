import { LitElement } from 'lit';

/**
 * Panel components render into the light DOM so one theme-aware stylesheet (styles.css, VS Code's CSS
 * variables) styles them all; the vscode-elements they use keep their own shadow DOM.
 */
export class LightElement extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}
